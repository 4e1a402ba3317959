import type { FieldError } from '../store/index.js';

/**
 * The file is invalid (shape, references, SPEC §2 rules, missing variables): nothing was applied.
 * A refused training also carries the template check's warnings, printed after the errors so the
 * operator sees everything the check found in one run.
 */
export class ConfigFileError extends Error {
  override name = 'ConfigFileError';
  constructor(
    readonly errors: FieldError[],
    summary = 'Invalid config file',
    readonly warnings: FieldError[] = [],
  ) {
    const lines = errors.map((e) => `  ${e.field}: ${e.message}`);
    if (warnings.length > 0) lines.push('Warnings:', ...warnings.map((w) => `  ${w.field}: ${w.message}`));
    super(`${summary}:\n${lines.join('\n')}`);
  }
}
