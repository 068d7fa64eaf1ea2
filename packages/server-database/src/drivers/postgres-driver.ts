import pg from "pg";
import Cursor from "pg-cursor";
import { toJsonValue } from "../values.js";
import { cancelledError, databaseError, onAbort, timeoutError } from "./abort.js";
import type { ColumnInfo, Driver, QueryResult, RunRequest } from "./types.js";

// Rows per cursor read: the default limit (1,000 + 1) fits in one round trip; memory stays bounded.
const BATCH = 2000;
const CANCEL_RETRY_MS = 100;

/**
 * PostgreSQL through `pg`: a small pool whose sessions start with
 * `default_transaction_read_only=on`; every statement runs through `pg-cursor` (extended
 * protocol: one Parse, which refuses a second statement) inside `BEGIN READ ONLY` with
 * `SET LOCAL statement_timeout`, and is always rolled back. Abort cancels server-side with
 * `pg_cancel_backend()` from another connection.
 *
 * @example
 * ```ts
 * const driver = new PostgresDriver("postgres://reader@localhost/app");
 * await driver.run({ sql: "SELECT $1::int AS n", params: [1], maxRows: 1000, timeoutMs: 5000 });
 * ```
 */
export class PostgresDriver implements Driver {
  readonly dialect = "postgres" as const;
  readonly placeholder = "$n" as const;
  private readonly pool: pg.Pool;
  private readonly config: pg.PoolConfig;
  private readonly typeNames = new Map<number, string>();

  constructor(url: string, options: { poolSize?: number } = {}) {
    this.config = {
      connectionString: url,
      max: options.poolSize ?? 4,
      application_name: "mcp-server-database",
      options: "-c default_transaction_read_only=on",
    };
    this.pool = new pg.Pool(this.config);
    this.pool.on("error", () => {}); // an idle client's error is handled by the next checkout
  }

  async run(request: RunRequest): Promise<QueryResult> {
    if (request.signal?.aborted) throw cancelledError();
    const client = await this.pool.connect();
    let cancelled = false;
    let finished = false;
    const dispose = onAbort(request.signal, () => {
      cancelled = true;
      void this.cancelBackend((client as unknown as { processID: number }).processID, () => finished);
    });
    try {
      // One round trip (simple protocol, our own text): the transaction and its timeout.
      await client.query(
        `BEGIN READ ONLY; SET LOCAL statement_timeout = ${Math.max(1, Math.floor(request.timeoutMs))}`,
      );
      if (cancelled) throw cancelledError();
      const cursor = client.query(new Cursor(request.sql, request.params ?? [], { rowMode: "array" }));
      const rows: unknown[][] = [];
      let fields: Array<{ name: string; dataTypeID: number }> = [];
      let truncated = false;
      for (;;) {
        const want = Math.min(BATCH, request.maxRows + 1 - rows.length);
        const batch = await readCursor(cursor, want, (result) => {
          fields = result.fields;
        });
        rows.push(...(batch as unknown[][]));
        if (rows.length > request.maxRows) {
          truncated = true;
          rows.length = request.maxRows;
          break;
        }
        if (batch.length < want) break;
      }
      await new Promise<void>((resolve) => cursor.close(() => resolve()));
      const columns = await this.columns(client, fields);
      return { columns, rows: rows.map((row) => row.map(toJsonValue)), truncated };
    } catch (error) {
      if (cancelled) throw cancelledError(error);
      if ((error as { code?: string }).code === "57014") throw timeoutError(request.timeoutMs, error);
      throw databaseError(error);
    } finally {
      finished = true;
      dispose();
      try {
        await client.query("ROLLBACK");
        client.release();
      } catch (error) {
        client.release(error as Error);
      }
    }
  }

  private async columns(
    client: pg.PoolClient,
    fields: Array<{ name: string; dataTypeID: number }>,
  ): Promise<ColumnInfo[]> {
    const unknown = [...new Set(fields.map((f) => f.dataTypeID).filter((oid) => !this.typeNames.has(oid)))];
    if (unknown.length > 0) {
      const result = await client.query<{ oid: number; name: string }>(
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

  // A separate, short-lived connection: the pool may be exhausted by the very query to cancel.
  private async cancelBackend(pid: number, done: () => boolean): Promise<void> {
    const admin = new pg.Client({
      connectionString: this.config.connectionString,
      application_name: "mcp-server-database-cancel",
    });
    try {
      await admin.connect();
      // A cancel that lands between two protocol messages (before the statement starts) is
      // ignored by PostgreSQL, so it is repeated until the statement has ended.
      while (!done()) {
        await admin.query("SELECT pg_cancel_backend($1)", [pid]);
        await new Promise((resolve) => setTimeout(resolve, CANCEL_RETRY_MS));
      }
    } catch {
      // The statement may have finished already; nothing left to cancel.
    } finally {
      await admin.end().catch(() => {});
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

function readCursor(
  cursor: Cursor,
  count: number,
  onResult: (result: { fields: Array<{ name: string; dataTypeID: number }> }) => void,
): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    cursor.read(count, (error, rows, result) => {
      if (error) return reject(error);
      if (result) onResult(result as unknown as { fields: Array<{ name: string; dataTypeID: number }> });
      resolve(rows);
    });
  });
}
