import { parse } from "libpg-query";
import { rejected } from "../errors.js";
import { isDeniedPostgresFunction } from "./postgres-function-denylist.js";
import type { GuardedStatement, TableReference } from "./types.js";

type Node = Record<string, unknown>;

const TOP_LEVEL: Record<string, GuardedStatement["kind"]> = {
  SelectStmt: "select", // also VALUES, TABLE and WITH ... SELECT
  ExplainStmt: "explain",
  VariableShowStmt: "show",
};

/**
 * Layer 1 for PostgreSQL and PGlite: parses `sql` with the real PostgreSQL parser (libpg-query,
 * compiled to WebAssembly) and accepts exactly one SELECT / VALUES / TABLE / WITH (without
 * data-modifying parts) / EXPLAIN (without ANALYZE) / SHOW statement, with no locking clause,
 * no `SELECT ... INTO`, and no denylisted function anywhere in the tree.
 *
 * @example
 * ```ts
 * await guardPostgresSql("SELECT * FROM users WHERE id = $1"); // { kind: "select", tables: [{ name: "users" }] }
 * await guardPostgresSql("SELECT 1; COMMIT; DROP TABLE users"); // throws DatabaseToolError REJECTED
 * ```
 */
export async function guardPostgresSql(sql: string): Promise<GuardedStatement> {
  let tree: { stmts?: Array<{ stmt: Node }> };
  try {
    tree = (await parse(sql)) as typeof tree;
  } catch (error) {
    throw rejected(`SQL does not parse: ${(error as Error).message}`);
  }
  const statements = tree.stmts ?? [];
  if (statements.length !== 1) {
    throw rejected(
      `exactly one statement is allowed, got ${statements.length} (stacked statements are refused)`,
    );
  }
  const stmt = (statements[0] as { stmt: Node }).stmt;
  const type = Object.keys(stmt)[0] ?? "";
  const kind = TOP_LEVEL[type];
  if (!kind) throw rejected(`${statementName(type)} is not allowed: only read-only queries are`);
  if (type === "ExplainStmt") checkExplain(stmt.ExplainStmt as Node);
  const walk = new Walk();
  walk.visit(stmt);
  const tables = walk.tables.filter((t) => t.schema !== undefined || !walk.cteNames.has(t.name));
  return { sql, kind, tables };
}

function checkExplain(explain: Node): void {
  const options = (explain.options as Array<{ DefElem?: { defname?: string } }> | undefined) ?? [];
  if (options.some((option) => option.DefElem?.defname?.toLowerCase() === "analyze")) {
    throw rejected("EXPLAIN ANALYZE executes the statement and is not allowed");
  }
}

class Walk {
  readonly tables: TableReference[] = [];
  readonly cteNames = new Set<string>();

  visit(value: unknown): void {
    if (Array.isArray(value)) {
      for (const item of value) this.visit(item);
      return;
    }
    if (typeof value !== "object" || value === null) return;
    for (const [key, child] of Object.entries(value as Node)) {
      this.check(key, child);
      this.visit(child);
    }
  }

  private check(key: string, child: unknown): void {
    if (key.endsWith("Stmt") && !(key in TOP_LEVEL)) {
      // Nested InsertStmt/UpdateStmt/DeleteStmt/MergeStmt are writable CTEs.
      throw rejected(`${statementName(key)} is not allowed anywhere in a query`);
    }
    if (key === "lockingClause" && Array.isArray(child) && child.length > 0) {
      throw rejected("locking clauses (FOR UPDATE / FOR SHARE ...) are not allowed");
    }
    if (key === "intoClause" && child) throw rejected("SELECT ... INTO is not allowed");
    if (key === "FuncCall") {
      const name = lastName((child as Node).funcname);
      if (name && isDeniedPostgresFunction(name)) {
        throw rejected(`function ${name}() is not allowed`);
      }
    }
    if (key === "RangeVar") {
      const range = child as { schemaname?: string; relname?: string };
      if (range.relname) {
        this.tables.push(
          range.schemaname ? { schema: range.schemaname, name: range.relname } : { name: range.relname },
        );
      }
    }
    if (key === "CommonTableExpr") {
      const name = (child as { ctename?: string }).ctename;
      if (name) this.cteNames.add(name);
    }
  }
}

function lastName(funcname: unknown): string | undefined {
  if (!Array.isArray(funcname) || funcname.length === 0) return undefined;
  const last = funcname[funcname.length - 1] as { String?: { sval?: string } };
  return last.String?.sval;
}

function statementName(type: string): string {
  const names: Record<string, string> = {
    TransactionStmt: "transaction control (BEGIN/COMMIT/ROLLBACK/SET TRANSACTION)",
    VariableSetStmt: "SET",
    DoStmt: "DO",
    CopyStmt: "COPY",
    CallStmt: "CALL",
    InsertStmt: "INSERT",
    UpdateStmt: "UPDATE",
    DeleteStmt: "DELETE",
    MergeStmt: "MERGE",
  };
  return names[type] ?? (type ? type.replace(/Stmt$/, "") : "an empty statement");
}
