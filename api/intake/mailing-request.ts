/**
 * The body checks of SPEC section 3 (rows 4, 5, 8, 9) as pure functions, each answering with the
 * exact status text of its row. The route applies them in the table's order.
 */

export interface Rejection {
  http: 400 | 404 | 405 | 413 | 429 | 503;
  status: string;
}

/** Row 4: `application/json`, parameters such as `charset` allowed, case-insensitive. */
export function checkContentType(header: string | undefined): Rejection | undefined {
  const mediaType = (header ?? '').split(';')[0]?.trim().toLowerCase();
  return mediaType === 'application/json'
    ? undefined
    : { http: 400, status: 'Content-Type must be application/json' };
}

/**
 * SPEC §3 [decided 2026-12]: bodies nested deeper than this are `Invalid JSON`. Real mailing
 * requests and 360dialog callbacks nest a handful of levels; thousands of levels (a few KB of
 * `[[[[…`) would overflow the stack of every recursive walk downstream (serialisation to Temporal
 * included), which used to answer 503.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * True when the JSON text nests arrays and objects deeper than `max`. A scan of the text, so it
 * runs before any parser or recursion; brackets inside strings do not count.
 */
export function jsonNestedDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** Row 5: valid JSON whose top level is an object, nested at most `MAX_JSON_DEPTH` levels. */
export function parseJsonObject(text: string): { body: Record<string, unknown> } | { rejection: Rejection } {
  if (jsonNestedDeeperThan(text, MAX_JSON_DEPTH)) return { rejection: { http: 400, status: 'Invalid JSON' } };
  try {
    const body: unknown = JSON.parse(text, refuseNul);
    if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
      return { body: body as Record<string, unknown> };
    }
  } catch {
    // falls through to the rejection below
  }
  return { rejection: { http: 400, status: 'Invalid JSON' } };
}

/**
 * JSON may escape a NUL character (`\u0000`), but PostgreSQL can store it neither in text nor in
 * jsonb: such a body used to fail in the store and be answered 503, which integrators and 360dialog
 * retry forever (found by the API fuzz). It is refused as `Invalid JSON` before anything is done.
 */
function refuseNul(key: string, value: unknown): unknown {
  if (key.includes('\0') || (typeof value === 'string' && value.includes('\0'))) {
    throw new SyntaxError('NUL character in JSON');
  }
  return value;
}

/** The recipient key per channel; both 360dialog flavours are WhatsApp (SPEC: `phone_number`). */
export const RECIPIENT_KEY = 'phone_number';

/** Row 8: a JSON string of 10–18 digits, optionally preceded by `+`. */
export const RECIPIENT_PATTERN = /^\+?\d{10,18}$/;

/** Row 8, applied. */
export function readRecipient(
  body: Record<string, unknown>,
): { recipient: string } | { rejection: Rejection } {
  const value = body[RECIPIENT_KEY];
  if (typeof value === 'string' && RECIPIENT_PATTERN.test(value)) return { recipient: value };
  return { rejection: { http: 400, status: 'Recipient ID not found or invalid.' } };
}

/** Row 9: optional boolean, default false. */
export function readUrgency(body: Record<string, unknown>): { urgent: boolean } | { rejection: Rejection } {
  const value = body.is_urgent;
  if (value === undefined) return { urgent: false };
  if (typeof value === 'boolean') return { urgent: value };
  return { rejection: { http: 400, status: 'is_urgent must be a boolean' } };
}
