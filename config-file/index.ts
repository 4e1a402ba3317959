/** Config as code (SPEC §7): the admin API's operations, declared in one file and applied idempotently. */
export { applyConfig, type ApplyConfigDeps, type ApplySummary } from './apply.js';
export { applyConfigFile, loadConfigFile } from './load.js';
export { ConfigFileError } from './errors.js';
export { ConfigFileSchema, type ConfigFile } from './schema.js';
export { formatSummary } from './format.js';
