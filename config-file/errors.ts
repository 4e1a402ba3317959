import type { FieldError } from '../store/index.js';

/** The file is invalid (shape, references, SPEC §2 rules, missing variables): nothing was applied. */
export class ConfigFileError extends Error {
  override name = 'ConfigFileError';
  constructor(
    readonly errors: FieldError[],
    summary = 'Invalid config file',
  ) {
    super(`${summary}:\n${errors.map((e) => `  ${e.field}: ${e.message}`).join('\n')}`);
  }
}
