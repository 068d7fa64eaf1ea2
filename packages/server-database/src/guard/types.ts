/** A table a statement reads, as the parser saw it (schema absent when unqualified). */
export interface TableReference {
  schema?: string;
  name: string;
}

/** What the guard learnt about a statement it accepted. */
export interface GuardedStatement {
  /** The SQL to send, unchanged (the guard never rewrites a query). */
  sql: string;
  kind: "select" | "explain" | "show";
  /** Tables the statement reads (for the allowlists); CTE names are left out. */
  tables: TableReference[];
}
