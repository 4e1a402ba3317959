import type { OpenAPIHono, z } from '@hono/zod-openapi';
import { ErrorSchema } from './schemas/common.js';

/** Helpers that keep route definitions short and their documentation uniform. */

export const SECURITY_SCHEME = 'adminToken';
export const security = [{ [SECURITY_SCHEME]: [] }];

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});

/**
 * A JSON request body. It is documented as required exactly when an empty body is invalid: the
 * validator reads a missing body as `{}`, so a PATCH of optional fields without a body is a no-op,
 * and the document must not call that request invalid.
 */
export const body = <T extends z.ZodType>(schema: T) => ({
  required: !schema.safeParse({}).success,
  content: { 'application/json': { schema } },
});

const error = (description: string) => json(ErrorSchema, description);

export const errors = {
  400: error('Invalid request: `errors` names each field with its message'),
  401: error('Missing or wrong bearer token'),
  403: error(
    'A viewer token writing, a company token doing an admin-only operation, or a console write without X-Console: 1',
  ),
  404: error('Not found'),
  409: error('The id (or webhook) is taken'),
  503: error('Service unavailable: the database could not be reached; retry later'),
} as const;

const WRITES = new Set(['post', 'put', 'patch', 'delete']);

/**
 * Answers every admin operation can give besides its own, added to each route of `app` that does
 * not document them yet, so the document states what the guards in front of every handler answer
 * (api/auth.ts, api/errors.ts), not only what the handler itself does:
 * - 401: no credentials, or wrong ones;
 * - 403 on writes: a viewer token, or a console session without `X-Console: 1`;
 * - 503: the database could not be reached (the caller should retry).
 * Call it after the routes are registered and before the app is mounted.
 */
export function documentCommonAnswers(app: OpenAPIHono): void {
  for (const definition of app.openAPIRegistry.definitions) {
    if (definition.type !== 'route') continue;
    const { route } = definition;
    const responses = route.responses;
    responses[401] ??= errors[401];
    if (WRITES.has(route.method)) responses[403] ??= errors[403];
    responses[503] ??= errors[503];
  }
}
