/**
 * The build bounds from the environment (`BUILD_*`). Separate from `build-limits.ts` so the build
 * thread, which imports that file, does not load zod.
 */
import { z } from 'zod';
import { defaultBuildLimits, type BuildLimits } from './build-limits.js';

const positive = z.coerce.number().int().positive();

/** The environment variables of the build bounds; `service/config.ts` validates them at start. */
export const buildLimitsEnv = {
  BUILD_MAX_STEPS: positive.optional(),
  BUILD_MAX_VALUE_LENGTH: positive.optional(),
  BUILD_MAX_CONTEXT_VALUE_LENGTH: positive.optional(),
  BUILD_MAX_RESULT_LENGTH: positive.optional(),
  BUILD_TIME_LIMIT_MS: positive.optional(),
};

/**
 * The limits from the environment, defaults for what is unset. Read where the worker's build pool
 * starts, so no call site has to thread them through; a bad value was already refused by
 * `loadConfig` at start, and is ignored here.
 */
export function buildLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): BuildLimits {
  const parsed = z.object(buildLimitsEnv).safeParse(env);
  const vars = parsed.success ? parsed.data : {};
  const pick = <K extends keyof BuildLimits>(key: K, value: number | undefined) =>
    value === undefined ? {} : { [key]: value };
  return {
    ...defaultBuildLimits,
    ...pick('maxSteps', vars.BUILD_MAX_STEPS),
    ...pick('maxValueLength', vars.BUILD_MAX_VALUE_LENGTH),
    ...pick('maxContextValueLength', vars.BUILD_MAX_CONTEXT_VALUE_LENGTH),
    ...pick('maxResultLength', vars.BUILD_MAX_RESULT_LENGTH),
    ...pick('timeLimitMs', vars.BUILD_TIME_LIMIT_MS),
  };
}
