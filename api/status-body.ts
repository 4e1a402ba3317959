import { z } from '@hono/zod-openapi';

/**
 * The integrator-facing bodies are `{ "status": "<text>" }`; documenting the texts as an enum lets a
 * client (and the schema fuzzer in CI) tell exactly which SPEC row answered.
 */
export function statusBody(texts: readonly [string, ...string[]], description: string) {
  return {
    description,
    content: { 'application/json': { schema: z.object({ status: z.enum(texts) }) } },
  };
}

/** A header the response carries, for the `headers` of a documented response. */
export const integerHeader = (description: string) => ({
  description,
  schema: { type: 'integer' as const, minimum: 1 },
  required: true,
});
