import type { z } from '@hono/zod-openapi';
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
} as const;
