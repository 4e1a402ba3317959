/**
 * The header that carries a channel's callback secret: registered with 360dialog by the admin API,
 * checked on every callback. Hyphens only: the Cloud API rejects `_` in header names.
 */
export const CALLBACK_SECRET_HEADER = 'X-Callback-Secret';
