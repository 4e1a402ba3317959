/** A place in the template source, 1-based like an editor shows it; `offset` is the 0-based index. */
export interface Position {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

/**
 * The only error the expression engine throws: a bad template, a failed evaluation or an exceeded
 * bound. Callers map it to "Please fix the expression" at save time and to "failed to build request"
 * at send time, so the message names what went wrong and where (`Unexpected token "}" at 1:12`).
 */
export class ExpressionError extends Error {
  /** What went wrong, without the position. */
  readonly reason: string;
  /** 1-based line of the template, when the error has a place in it. */
  readonly line: number | undefined;
  /** 1-based column of the template, when the error has a place in it. */
  readonly column: number | undefined;

  constructor(reason: string, at?: Position) {
    super(at ? `${reason} at ${at.line}:${at.column}` : reason);
    this.name = 'ExpressionError';
    this.reason = reason;
    this.line = at?.line;
    this.column = at?.column;
  }
}

/**
 * Turns anything thrown inside the engine into an ExpressionError. The engine is written not to throw
 * anything else; this is the safety net that keeps a RangeError (huge allocation, deep native
 * recursion) from leaking to callers as an unexpected crash.
 */
export function asExpressionError(error: unknown): ExpressionError {
  if (error instanceof ExpressionError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new ExpressionError(`Expression failed: ${detail}`);
}
