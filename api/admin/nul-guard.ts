import type { MiddlewareHandler } from 'hono';
import { VALIDATION_FAILED, type ErrorBody } from '../errors.js';

const NUL_MESSAGE = 'Must not contain the NUL character (\\u0000)';

/**
 * PostgreSQL text cannot hold U+0000, so a JSON body carrying one would reach the database and fail
 * there as a 500. Refused up front instead, as a 400 naming the field, before anything is written.
 */
export const rejectNulCharacters: MiddlewareHandler = async (c, next) => {
  if (c.req.method === 'POST' || c.req.method === 'PUT' || c.req.method === 'PATCH') {
    const text = await c.req.text();
    if (text.includes('\\u0000') || text.includes('\\U0000') || text.includes('\0')) {
      const field = nulField(text);
      if (field !== undefined) {
        return c.json<ErrorBody>(
          { status: VALIDATION_FAILED, errors: [{ field: field || '(body)', message: NUL_MESSAGE }] },
          400,
        );
      }
    }
  }
  await next();
};

/** The dotted path of the first string (key or value) holding U+0000; undefined when none does. */
function nulField(text: string): string | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined; // not JSON: the route's own validation answers
  }
  const walk = (value: unknown, path: string[]): string | undefined => {
    if (typeof value === 'string') return value.includes('\0') ? path.join('.') : undefined;
    if (typeof value !== 'object' || value === null) return undefined;
    for (const [key, item] of Object.entries(value)) {
      if (key.includes('\0')) return [...path, key].join('.');
      const found = walk(item, [...path, key]);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return walk(body, []);
}
