import mysql from "mysql2";
import { toJsonValue } from "../values.js";
import { cancelledError, databaseError, onAbort, timeoutError } from "./abort.js";
import type { ColumnInfo, Driver, QueryResult, RunRequest } from "./types.js";

type Connection = mysql.PoolConnection;
type Field = { name: string; columnType?: number; type?: number };

// mysql2's protocol names, shown as the SQL type names people know.
const FRIENDLY: Record<string, string> = {
  tiny: "tinyint",
  short: "smallint",
  long: "int",
  int24: "mediumint",
  longlong: "bigint",
  newdecimal: "decimal",
  var_string: "varchar",
  string: "char",
  blob: "text",
  tiny_blob: "tinytext",
  medium_blob: "mediumtext",
  long_blob: "longtext",
  newdate: "date",
};

// mysql2 exports Types as name -> number; the reverse names a result column's type.
const TYPE_NAMES = new Map<number, string>(
  Object.entries(mysql.Types as unknown as Record<string, number>).map(([name, id]) => [
    id,
    FRIENDLY[name.toLowerCase()] ?? name.toLowerCase(),
  ]),
);

// ER_STATEMENT_TIMEOUT (MariaDB max_statement_time) and ER_QUERY_TIMEOUT (MySQL max_execution_time).
const TIMEOUT_CODES = new Set([1969, 3024]);

/**
 * MySQL and MariaDB through `mysql2`, with `multipleStatements` off (the server refuses a second
 * statement). Each statement: `SET SESSION TRANSACTION READ ONLY` and the session timeout
 * (`max_statement_time` on MariaDB, `max_execution_time` on MySQL), re-applied at every checkout
 * because MySQL session settings are not transactional; then `START TRANSACTION READ ONLY`, the
 * prepared statement, and `ROLLBACK`. Rows are read as they arrive; past the row limit the
 * connection is paused, the statement killed with `KILL QUERY` and the connection dropped.
 *
 * @example
 * ```ts
 * const driver = new MysqlDriver("mysql://reader@localhost/app");
 * await driver.run({ sql: "SELECT ? AS n", params: [1], maxRows: 1000, timeoutMs: 5000 });
 * ```
 */
export class MysqlDriver implements Driver {
  readonly dialect = "mysql" as const;
  readonly placeholder = "?" as const;
  private readonly pool: mysql.Pool;
  private flavour: Promise<"mariadb" | "mysql"> | undefined;

  constructor(
    private readonly url: string,
    options: { poolSize?: number } = {},
  ) {
    this.pool = mysql.createPool({
      uri: url.replace(/^mariadb:/, "mysql:"),
      connectionLimit: options.poolSize ?? 4,
      multipleStatements: false,
      supportBigNumbers: true,
      bigNumberStrings: true,
      dateStrings: true,
    });
  }

  async run(request: RunRequest): Promise<QueryResult> {
    if (request.signal?.aborted) throw cancelledError();
    const conn = await new Promise<Connection>((resolve, reject) =>
      this.pool.getConnection((error, c) => (error ? reject(databaseError(error)) : resolve(c))),
    );
    let cancelled = false;
    let keep = true;
    let finished = false;
    const dispose = onAbort(request.signal, () => {
      cancelled = true;
      void this.killQuery(conn.threadId, () => finished);
    });
    try {
      const flavour = await this.detectFlavour(conn);
      await exec(conn, "SET SESSION TRANSACTION READ ONLY");
      const timeout =
        flavour === "mariadb"
          ? `SET SESSION max_statement_time = ${(Math.max(1, request.timeoutMs) / 1000).toFixed(3)}`
          : `SET SESSION max_execution_time = ${Math.max(1, Math.floor(request.timeoutMs))}`;
      await exec(conn, timeout);
      await exec(conn, "START TRANSACTION READ ONLY");
      if (cancelled) throw cancelledError();
      const result = await this.stream(conn, request);
      if (result.truncated) keep = false;
      return result;
    } catch (error) {
      keep = false;
      if (cancelled) throw cancelledError(error);
      if (TIMEOUT_CODES.has((error as { errno?: number }).errno ?? 0))
        throw timeoutError(request.timeoutMs, error);
      throw databaseError(error);
    } finally {
      finished = true;
      dispose();
      if (keep) {
        await exec(conn, "ROLLBACK").then(
          () => conn.release(),
          () => conn.destroy(),
        );
      } else {
        conn.destroy(); // the server rolls back an open transaction when the connection ends
      }
    }
  }

  private stream(conn: Connection, request: RunRequest): Promise<QueryResult> {
    return new Promise((resolve, reject) => {
      const rows: unknown[][] = [];
      let columns: ColumnInfo[] = [];
      let done = false;
      const query = conn.execute({ sql: request.sql, values: request.params ?? [], rowsAsArray: true });
      query.on("fields", (fields: Field[]) => {
        columns = fields.map((f) => ({
          name: f.name,
          type: TYPE_NAMES.get(f.columnType ?? f.type ?? -1) ?? "unknown",
        }));
      });
      query.on("result", (row: unknown) => {
        if (done) return;
        if (!Array.isArray(row)) return; // an OK packet, not a row
        if (rows.length === request.maxRows) {
          done = true;
          conn.pause();
          void this.killQuery(conn.threadId);
          resolve({ columns, rows: rows.map((r) => r.map(toJsonValue)), truncated: true });
          return;
        }
        rows.push(row);
      });
      query.on("error", (error: Error) => {
        if (!done) {
          done = true;
          reject(error);
        }
      });
      query.on("end", () => {
        if (!done) {
          done = true;
          resolve({ columns, rows: rows.map((r) => r.map(toJsonValue)), truncated: false });
        }
      });
    });
  }

  private detectFlavour(conn: Connection): Promise<"mariadb" | "mysql"> {
    this.flavour ??= new Promise((resolve, reject) => {
      conn.query("SELECT VERSION() AS v", (error, rows) => {
        if (error) return reject(error);
        const version = String((rows as Array<{ v: string }>)[0]?.v ?? "");
        resolve(/mariadb/i.test(version) ? "mariadb" : "mysql");
      });
    });
    return this.flavour;
  }

  // Its own connection: the pool may be exhausted by the very statement being killed. A kill
  // that lands before the statement starts does nothing, so it repeats until `done()`.
  private async killQuery(threadId: number | null, done: () => boolean = () => true): Promise<void> {
    if (threadId === null) return;
    const admin = mysql.createConnection({ uri: this.url.replace(/^mariadb:/, "mysql:") });
    admin.on("error", () => {});
    try {
      do {
        const failed = await new Promise<boolean>((resolve) =>
          admin.query(`KILL QUERY ${Number(threadId)}`, (error) => resolve(Boolean(error))),
        );
        if (failed) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      } while (!done());
    } finally {
      admin.destroy();
    }
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.pool.end(() => resolve()));
  }
}

function exec(conn: Connection, sql: string): Promise<void> {
  return new Promise((resolve, reject) => conn.query(sql, (error) => (error ? reject(error) : resolve())));
}
