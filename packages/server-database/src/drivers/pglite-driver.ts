import type { PGlite } from "@electric-sql/pglite";
import { toJsonValue } from "../values.js";
import { cancelledError, databaseError } from "./abort.js";
import type { ColumnInfo, Driver, QueryResult, RunRequest } from "./types.js";

// Rows per cursor read: the default limit (1,000 + 1) fits in one round trip; memory stays bounded.
const BATCH = 2000;
const ROW_RETURNING = /^\s*(\(\s*)*(select|with|values|table)\b/i;

/**
 * PGlite (PostgreSQL compiled to WebAssembly, in this process) for the embedded demo and tests.
 * The session is set to `default_transaction_read_only`; each statement runs in
 * `BEGIN READ ONLY` ... `ROLLBACK`, through PGlite's extended-protocol `query()` (one statement
 * only), read with `DECLARE CURSOR` / `FETCH` so the row limit costs no memory. PGlite runs on
 * this thread, so `statement_timeout` cannot interrupt it: the guard's `pg_sleep` ban and the
 * row limit are what bound it (see the README).
 *
 * @example
 * ```ts
 * const driver = await PgliteDriver.open("pglite:memory");
 * await driver.run({ sql: "SELECT 1", maxRows: 10, timeoutMs: 5000 });
 * ```
 */
export class PgliteDriver implements Driver {
  readonly dialect = "pglite" as const;
  readonly placeholder = "$n" as const;
  private readonly typeNames = new Map<number, string>();
  private queue: Promise<unknown> = Promise.resolve();

  /** Wraps an open PGlite; `ownsDatabase` decides whether `close()` closes it. */
  constructor(
    private readonly db: PGlite,
    private readonly ownsDatabase = false,
  ) {}

  /** Opens `pglite:memory` (or `pglite:`) in memory, or `pglite:<directory>` on disk. */
  static async open(url: string): Promise<PgliteDriver> {
    const { PGlite } = await import("@electric-sql/pglite");
    const location = url.replace(/^pglite:(\/\/)?/, "");
    const db = location === "" || location === "memory" ? new PGlite() : new PGlite(location);
    await db.waitReady;
    await db.exec("SET default_transaction_read_only = on");
    return new PgliteDriver(db, true);
  }

  // PGlite has one session: statements are serialised so one transaction never sees another.
  run(request: RunRequest): Promise<QueryResult> {
    const next = this.queue.then(() => this.runNow(request));
    this.queue = next.catch(() => {});
    return next;
  }

  private async runNow(request: RunRequest): Promise<QueryResult> {
    if (request.signal?.aborted) throw cancelledError();
    const options = { rowMode: "array" as const };
    try {
      await this.db.exec("BEGIN READ ONLY");
      let rows: unknown[][] = [];
      let fields: Array<{ name: string; dataTypeID: number }> = [];
      let truncated = false;
      if (ROW_RETURNING.test(request.sql)) {
        await this.db.query(
          `DECLARE mcp_cursor NO SCROLL CURSOR FOR ${request.sql}`,
          request.params ?? [],
          options,
        );
        for (;;) {
          if (request.signal?.aborted) throw cancelledError();
          const want = Math.min(BATCH, request.maxRows + 1 - rows.length);
          const batch = await this.db.query<unknown[]>(`FETCH FORWARD ${want} FROM mcp_cursor`, [], options);
          fields = batch.fields;
          rows.push(...batch.rows);
          if (rows.length > request.maxRows) {
            truncated = true;
            rows.length = request.maxRows;
            break;
          }
          if (batch.rows.length < want) break;
        }
      } else {
        const result = await this.db.query<unknown[]>(request.sql, request.params ?? [], options);
        fields = result.fields;
        rows = result.rows;
        truncated = rows.length > request.maxRows;
        if (truncated) rows.length = request.maxRows;
      }
      const columns = await this.columns(fields);
      return { columns, rows: rows.map((row) => row.map(toJsonValue)), truncated };
    } catch (error) {
      if ((error as { code?: string }).code === "CANCELLED") throw error;
      throw databaseError(error);
    } finally {
      await this.db.exec("ROLLBACK");
    }
  }

  private async columns(fields: Array<{ name: string; dataTypeID: number }>): Promise<ColumnInfo[]> {
    const unknown = [...new Set(fields.map((f) => f.dataTypeID).filter((oid) => !this.typeNames.has(oid)))];
    if (unknown.length > 0) {
      const result = await this.db.query<{ oid: number; name: string }>(
        "SELECT oid::int AS oid, format_type(oid, NULL) AS name FROM pg_catalog.pg_type WHERE oid = ANY($1::oid[])",
        [unknown],
      );
      for (const row of result.rows) this.typeNames.set(row.oid, row.name);
    }
    return fields.map((f) => ({
      name: f.name,
      type: this.typeNames.get(f.dataTypeID) ?? String(f.dataTypeID),
    }));
  }

  async close(): Promise<void> {
    if (this.ownsDatabase) await this.db.close();
  }
}
