/**
 * The one seam between the store and its engine. Both engines speak PostgreSQL (PGlite is PostgreSQL
 * compiled to WASM), so the store writes one SQL dialect and this interface stays tiny.
 */

/** A row as the engine returns it; callers map it to a typed record. */
export type Row = Record<string, unknown>;

export interface Queryable {
  /** One statement with `$1`-style parameters. Pass JSON values through `JSON.stringify` for jsonb. */
  query<R extends Row = Row>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<{ rows: R[]; rowCount: number }>;
}

export interface Database extends Queryable {
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** `embedded` (PGlite) or `postgres`: for logs and tests only; the SQL is the same. */
  readonly engine: 'embedded' | 'postgres';
}
