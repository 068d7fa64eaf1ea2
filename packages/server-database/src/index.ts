/**
 * Public API of @mcp/server-database: the read-only database MCP server
 * (`createDatabaseServer`), the engine under it (guard + drivers + catalog), each layer on its
 * own for embedding and testing, and the local error type. The command line is `src/cli.ts`.
 */

export { type Allowlist, hasAllowlist, tableAllowed } from "./allowlist.js";
export type {
  ColumnDescription,
  IndexDescription,
  KeyDescription,
  TableDescription,
  TableSummary,
} from "./catalog/types.js";
export {
  createDatabaseServer,
  type DatabaseServer,
  type DatabaseServerOptions,
} from "./database-server.js";
export { dialectOf, openDriver } from "./drivers/open-driver.js";
export type { ColumnInfo, Dialect, Driver, QueryResult, RunRequest } from "./drivers/types.js";
export { type CallOptions, DatabaseEngine, type EngineOptions } from "./engine.js";
export { type DatabaseErrorCode, DatabaseToolError, isDatabaseToolError } from "./errors.js";
export { guardMysqlOrSqliteSql } from "./guard/mysql-sqlite-guard.js";
export { isDeniedPostgresFunction } from "./guard/postgres-function-denylist.js";
export { guardPostgresSql } from "./guard/postgres-guard.js";
export type { GuardedStatement, TableReference } from "./guard/types.js";
export { formatTextTable } from "./text-table.js";
export { VERSION } from "./version.js";
