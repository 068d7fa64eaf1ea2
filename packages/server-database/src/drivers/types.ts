/** The database families this server speaks to. */
export type Dialect = "postgres" | "pglite" | "mysql" | "sqlite";

/** A result column: its name and the database's name for its type. */
export interface ColumnInfo {
  name: string;
  type: string;
}

/** Rows as arrays aligned with `columns` (so duplicate column names survive). */
export interface QueryResult {
  columns: ColumnInfo[];
  rows: unknown[][];
  /** True when more rows existed than the row limit; only `maxRows` were read. */
  truncated: boolean;
}

/** One statement for a driver to run, already accepted by the guard. */
export interface RunRequest {
  sql: string;
  params?: unknown[];
  maxRows: number;
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * Layers 2-4 for one database: each driver sends a single statement in a way the database
 * refuses a second one, inside a read-only transaction on a read-only session that is always
 * rolled back, under a timeout the database enforces, and cancels server-side on abort. It reads
 * at most `maxRows + 1` rows from a cursor.
 *
 * @example
 * ```ts
 * const driver = await openDriver("sqlite:./app.db");
 * const { rows, truncated } = await driver.run({ sql: "SELECT 1", maxRows: 10, timeoutMs: 5000 });
 * ```
 */
export interface Driver {
  readonly dialect: Dialect;
  /** Where parameters are written: `$1` (PostgreSQL, PGlite) or `?`. */
  readonly placeholder: "$n" | "?";
  run(request: RunRequest): Promise<QueryResult>;
  close(): Promise<void>;
}
