import { readFile } from 'node:fs/promises';
import { parse, YAMLParseError } from 'yaml';
import { applyConfig, type ApplyConfigDeps, type ApplySummary } from './apply.js';
import { ConfigFileError } from './errors.js';

/**
 * Reads a YAML or JSON config file (JSON is YAML) and applies it: for the service's start-up with
 * `CONFIG_FILE` (and `npm run config:apply -- FILE`). Unreadable or unparsable files throw a
 * `ConfigFileError` naming the file (and line) before anything is applied.
 */
export async function applyConfigFile(path: string, deps: ApplyConfigDeps): Promise<ApplySummary> {
  return applyConfig(await loadConfigFile(path), deps);
}

/** The parsed document, not yet validated (that is `applyConfig`'s first step). */
export async function loadConfigFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String(error);
    throw new ConfigFileError([{ field: '(file)', message: reason }], `Cannot read config file ${path}`);
  }
  try {
    return parse(text) as unknown;
  } catch (error) {
    const message = error instanceof YAMLParseError ? error.message : String(error);
    throw new ConfigFileError([{ field: '(file)', message }], `Cannot parse config file ${path}`);
  }
}
