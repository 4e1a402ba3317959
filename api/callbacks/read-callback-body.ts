/**
 * The body of a channel callback (SPEC §5), read with the same bounds as a mailing request: at
 * most 1 MiB (413) and nested at most `MAX_JSON_DEPTH` levels (400), a JSON object. A body past a
 * bound is answered before anything is parsed or handed to a workflow, so nothing is processed and
 * 360dialog is told plainly, instead of a 503 that it would retry forever.
 */
import type { Context } from 'hono';
import { parseJsonObject } from '../intake/mailing-request.js';
import { readBodyAtMost } from '../read-body.js';

/** Callback bodies are small (one batch of statuses or messages); 360dialog's own cap is far below. */
export const MAX_CALLBACK_BYTES = 1024 * 1024;

export type CallbackBody =
  | { body: Record<string, unknown> }
  | { rejection: { http: 400 | 413; status: 'Invalid JSON' | 'Payload too large' } };

export async function readCallbackBody(c: Context): Promise<CallbackBody> {
  const text = await readBodyAtMost(c, MAX_CALLBACK_BYTES);
  if (text === undefined) return { rejection: { http: 413, status: 'Payload too large' } };
  const parsed = parseJsonObject(text);
  return 'body' in parsed ? parsed : { rejection: { http: 400, status: 'Invalid JSON' } };
}
