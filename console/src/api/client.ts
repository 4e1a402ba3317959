import type { ApiErrorBody, FieldError } from './types.js';

/**
 * The console's only way to the service: same-origin `fetch` with the session cookie, always with
 * `X-Console: 1` (the server requires it on cookie-authenticated writes). No token is ever held here.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(body.status);
  }

  /** Field errors keyed by their dotted path (`destination.template_name`). */
  get fields(): Record<string, string> {
    return fieldMap(this.body.errors ?? []);
  }
}

export function fieldMap(errors: FieldError[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const e of errors) map[e.field] ??= e.message;
  return map;
}

/** Anything but 2xx throws an ApiError; a 401 also tells the app to show the sign-in page. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: {
      'X-Console': '1',
      Accept: 'application/json',
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const parsed: unknown = text === '' ? undefined : safeJson(text);
  if (!response.ok) {
    const errorBody = (parsed as ApiErrorBody | undefined) ?? { status: `HTTP ${response.status}` };
    if (response.status === 401) window.dispatchEvent(new Event('console:signed-out'));
    throw new ApiError(response.status, errorBody);
  }
  return parsed as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { status: text.slice(0, 200) };
  }
}

/** Query string from the set values only. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '');
  return entries.length === 0
    ? ''
    : `?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString()}`;
}
