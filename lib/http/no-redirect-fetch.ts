/**
 * Outgoing requests that carry credentials (the channel's D360-API-KEY, the callback secret being
 * registered, a branch hook's Basic authorization) must never follow a redirect: fetch would
 * repeat the request, credentials included, at whatever host the `Location` names. With
 * `redirect: 'manual'` the 3xx itself is the answer, and each caller treats it as any other
 * non-2xx answer (see README "Limits").
 */
export function withoutRedirects(init: RequestInit): RequestInit {
  return { ...init, redirect: 'manual' };
}
