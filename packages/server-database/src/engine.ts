import { type Allowlist, hasAllowlist, tableAllowed } from "./allowlist.js";
import { mysqlCatalog } from "./catalog/mysql-catalog.js";
import { postgresCatalog } from "./catalog/postgres-catalog.js";
import { sqliteCatalog } from "./catalog/sqlite-catalog.js";
import type { Catalog, TableDescription, TableSummary } from "./catalog/types.js";
import type { Driver, QueryResult } from "./drivers/types.js";
import { rejected } from "./errors.js";
import type { GuardedStatement } from "./guard/types.js";

/** Limits and allowlists of a {@link DatabaseEngine}. */
export interface EngineOptions {
  /** Rows returned at most per query (more are never read); default 1,000. */
  maxRows?: number;
  /** Statement timeout enforced by the database, in milliseconds; default 5,000. */
  timeoutMs?: number;
  allowlist?: Allowlist;
}

/** Per-call options. */
export interface CallOptions {
  signal?: AbortSignal;
}

/**
 * The five layers put together, independent of MCP: guard (layer 1), driver (layers 2-4),
 * allowlists (layer 5), and the catalog for `list_tables` / `describe_table` / `get_schema`.
 *
 * @example
 * ```ts
 * const engine = new DatabaseEngine(await openDriver("sqlite:./app.db"), { maxRows: 100 });
 * const result = await engine.query("SELECT * FROM users WHERE id = ?", [1]);
 * ```
 */
export class DatabaseEngine {
  readonly maxRows: number;
  readonly timeoutMs: number;
  private readonly allowlist: Allowlist;
  private readonly catalog: Catalog;
  private defaultSchemaPromise: Promise<string> | undefined;
  private guardFn: Promise<(sql: string) => GuardedStatement | Promise<GuardedStatement>> | undefined;

  constructor(
    readonly driver: Driver,
    options: EngineOptions = {},
  ) {
    this.maxRows = options.maxRows ?? 1000;
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.allowlist = options.allowlist ?? {};
    const run = async (sql: string, params: unknown[]) =>
      (await driver.run({ sql, params, maxRows: 100_000, timeoutMs: this.timeoutMs })).rows;
    this.catalog =
      driver.dialect === "mysql"
        ? mysqlCatalog(run)
        : driver.dialect === "sqlite"
          ? sqliteCatalog(run)
          : postgresCatalog(run);
  }

  /** Layer 1 and layer 5: throws `REJECTED` unless the statement is read-only and allowed. */
  async guard(sql: string): Promise<GuardedStatement> {
    this.guardFn ??= loadGuard(this.driver.dialect);
    const statement = await (await this.guardFn)(sql);
    if (hasAllowlist(this.allowlist)) {
      const allowed = await this.isAllowed();
      const denied = statement.tables.find((table) => !allowed(table));
      if (denied) {
        throw rejected(
          `table ${denied.schema ? `${denied.schema}.` : ""}${denied.name} is not in the allowlist`,
        );
      }
      if (statement.kind === "show") throw rejected("SHOW is not available when an allowlist is set");
    }
    return statement;
  }

  /** Runs one read-only statement with bound parameters. */
  async query(sql: string, params: unknown[] = [], options: CallOptions = {}): Promise<QueryResult> {
    const statement = await this.guard(sql);
    return this.driver.run({
      sql: statement.sql,
      params,
      maxRows: this.maxRows,
      timeoutMs: this.timeoutMs,
      signal: options.signal,
    });
  }

  /** The plan of a query, without executing it (never EXPLAIN ANALYZE). */
  async explain(sql: string, params: unknown[] = [], options: CallOptions = {}): Promise<string> {
    const statement = await this.guard(sql);
    if (statement.kind !== "select") throw rejected("explain takes a SELECT-like query");
    const dialect = this.driver.dialect;
    const explainSql =
      dialect === "sqlite"
        ? `EXPLAIN QUERY PLAN ${sql}`
        : dialect === "mysql"
          ? `EXPLAIN ${sql}`
          : `EXPLAIN ${sql}`;
    // Guard the composed statement too (PostgreSQL/MySQL), so a trick in `sql` that only shows
    // once prefixed is still caught.
    if (dialect !== "sqlite") await this.guard(explainSql);
    const result = await this.driver.run({
      sql: explainSql,
      params,
      maxRows: 10_000,
      timeoutMs: this.timeoutMs,
      signal: options.signal,
    });
    if (dialect === "postgres" || dialect === "pglite")
      return result.rows.map((row) => String(row[0])).join("\n");
    if (dialect === "sqlite")
      return result.rows.map((row) => `${"  ".repeat(depth(result.rows, row))}${String(row[3])}`).join("\n");
    return result.rows
      .map((row) =>
        result.columns.map((c, i) => `${c.name}=${row[i] === null ? "NULL" : String(row[i])}`).join(" "),
      )
      .join("\n");
  }

  /** Tables and views visible under the allowlist, optionally in one schema. */
  async listTables(schema?: string): Promise<TableSummary[]> {
    const allowed = await this.isAllowed();
    return (await this.catalog.listTables(schema)).filter((table) => allowed(table));
  }

  /** Columns, keys and indexes of one table; `undefined` when missing or not allowed. */
  async describeTable(table: string, schema?: string): Promise<TableDescription | undefined> {
    const resolvedSchema = schema ?? (await this.defaultSchema());
    const allowed = await this.isAllowed();
    if (!allowed({ schema: resolvedSchema, name: table })) return undefined;
    return this.catalog.describeTable(resolvedSchema, table);
  }

  /** Every allowed table described, in one call. */
  async getSchema(schema?: string): Promise<TableDescription[]> {
    const tables = await this.listTables(schema);
    const described: TableDescription[] = [];
    for (const table of tables) {
      const description = await this.catalog.describeTable(table.schema, table.name);
      if (description) described.push(description);
    }
    return described;
  }

  defaultSchema(): Promise<string> {
    this.defaultSchemaPromise ??= this.catalog.defaultSchema();
    return this.defaultSchemaPromise;
  }

  close(): Promise<void> {
    return this.driver.close();
  }

  private async isAllowed() {
    return tableAllowed(this.allowlist, {
      caseSensitive: this.driver.dialect === "postgres" || this.driver.dialect === "pglite",
      defaultSchema: await this.defaultSchema(),
    });
  }
}

// Each parser is loaded once, and only for its dialect (node-sql-parser alone is megabytes).
async function loadGuard(
  dialect: Driver["dialect"],
): Promise<(sql: string) => GuardedStatement | Promise<GuardedStatement>> {
  if (dialect === "postgres" || dialect === "pglite")
    return (await import("./guard/postgres-guard.js")).guardPostgresSql;
  const { guardMysqlOrSqliteSql } = await import("./guard/mysql-sqlite-guard.js");
  return (sql) => guardMysqlOrSqliteSql(sql, dialect);
}

// EXPLAIN QUERY PLAN rows are (id, parent, notused, detail); indent each by its depth.
function depth(rows: unknown[][], row: unknown[]): number {
  let level = 0;
  let parent = Number(row[1]);
  while (parent !== 0 && level < 64) {
    const up = rows.find((r) => Number(r[0]) === parent);
    if (!up) break;
    parent = Number(up[1]);
    level++;
  }
  return level;
}
