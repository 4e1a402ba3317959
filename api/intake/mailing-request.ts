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

/** Row 5: valid JSON whose top level is an object. */
export function parseJsonObject(text: string): { body: Record<string, unknown> } | { rejection: Rejection } {
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
      return { body: body as Record<string, unknown> };
    }
  } catch {
    // falls through to the rejection below
  }
  return { rejection: { http: 400, status: 'Invalid JSON' } };
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
