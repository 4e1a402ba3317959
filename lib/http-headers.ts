/** Header names more than one part of the service sends or reads, spelled once. */

/** 360dialog's API-key header, on every call to 360dialog (sends, webhook registration, templates). */
export const D360_API_KEY_HEADER = 'D360-API-KEY';

/**
 * SPEC §3 [decided]: a repeated mailing request with the same key for the same slot answers the same
 * task_id. Branch hooks send one too, so a CRM can drop repeated deliveries.
 */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
