import type { FieldError } from './types.js';

/**
 * What the store throws for a caller's mistake. The admin API maps each class to one status code
 * (404, 409, 400) and the config tool prints the message; anything else is a bug or an outage.
 */
export class StoreError extends Error {
  override name = 'StoreError';
}

/** `entity` is shown to the caller: `Company not found`. */
export class NotFoundError extends StoreError {
  override name = 'NotFoundError';
  constructor(
    readonly entity: 'Company' | 'Channel' | 'Agent' | 'Slot' | 'Training' | 'Chat' | 'Token' | 'Task',
  ) {
    super(`${entity} not found`);
  }
}

export class ConflictError extends StoreError {
  override name = 'ConflictError';
}

/** A SPEC §2 rule failed; nothing was saved. */
export class ValidationError extends StoreError {
  override name = 'ValidationError';
  constructor(readonly errors: FieldError[]) {
    super(`Validation failed: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`);
  }
}
