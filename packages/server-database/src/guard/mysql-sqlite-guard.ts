import NodeSqlParser from "node-sql-parser";
import { rejected } from "../errors.js";
import { checkTokens } from "./token-check.js";
import type { GuardedStatement, TableReference } from "./types.js";

const parser = new NodeSqlParser.Parser();

const ALLOWED_TYPES: Record<string, GuardedStatement["kind"]> = {
  select: "select",
  show: "show",
  desc: "show",
  explain: "explain",
};

/**
 * Layer 1 for MySQL/MariaDB and SQLite: the statement must pass BOTH `node-sql-parser` (one
 * statement of an allowed type, no `INTO`, no locking read) and the token check, which catches
 * what that parser reads differently from the server (MySQL executable comments, for one).
 *
 * @example
 * ```ts
 * guardMysqlOrSqliteSql("SELECT * FROM users WHERE id = ?", "mysql"); // { kind: "select", tables: [{ name: "users" }] }
 * guardMysqlOrSqliteSql("SELECT * FROM users FOR UPDATE", "mysql"); // throws REJECTED
 * ```
 */
export function guardMysqlOrSqliteSql(sql: string, dialect: "mysql" | "sqlite"): GuardedStatement {
  checkTokens(sql, dialect);
  const database = dialect === "mysql" ? "MariaDB" : "Sqlite";
  let ast: unknown;
  let tableList: string[];
  try {
    const result = parser.parse(sql, { database });
    ast = result.ast;
    tableList = result.tableList;
  } catch (error) {
    throw rejected(`SQL does not parse as a single read-only ${dialect} query: ${(error as Error).message}`);
  }
  const statements = (Array.isArray(ast) ? ast : [ast]) as Array<Record<string, unknown>>;
  if (statements.length !== 1) throw rejected("exactly one statement is allowed");
  const statement = statements[0] as Record<string, unknown>;
  const kind = ALLOWED_TYPES[String(statement.type)];
  if (!kind) throw rejected(`${String(statement.type).toUpperCase()} is not allowed`);
  if ((statement.into as { position?: unknown } | undefined)?.position) {
    throw rejected("SELECT ... INTO is not allowed");
  }
  if (statement.locking_read) throw rejected("locking reads (FOR UPDATE ...) are not allowed");
  const cteNames = new Set(
    ((statement.with as Array<{ name?: { value?: string } }> | null) ?? []).map((cte) => cte.name?.value),
  );
  const tables = parseTableList(tableList).filter(
    (table) => table.name !== "null" && (table.schema !== undefined || !cteNames.has(table.name)),
  );
  return { sql, kind, tables };
}

// node-sql-parser lists tables as "select::db::table" ("null" when unqualified).
function parseTableList(list: string[]): TableReference[] {
  return list.map((entry) => {
    const [, schema, name] = entry.split("::");
    return schema && schema !== "null" ? { schema, name: name ?? "" } : { name: name ?? "" };
  });
}
