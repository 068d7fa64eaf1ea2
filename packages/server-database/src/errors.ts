const BRAND = Symbol.for("mcp.server-database.DatabaseToolError");

/** Why a request was refused or failed: a string code, kept apart from wire (JSON-RPC) errors. */
export type DatabaseErrorCode =
  | "REJECTED" // the SQL guard or an allowlist refused the statement
  | "TIMEOUT" // the statement ran past the timeout
  | "CANCELLED" // the MCP request was cancelled
  | "UNSUPPORTED_URL"
  | "DATABASE"; // the database reported an error

/**
 * A local error of the database server. Tool handlers turn it into an `isError` result.
 *
 * @example
 * ```ts
 * try { await engine.query({ sql: "DROP TABLE users" }); }
 * catch (error) { if (isDatabaseToolError(error)) console.log(error.code); } // "REJECTED"
 * ```
 */
export class DatabaseToolError extends Error {
  readonly code: DatabaseErrorCode;
  readonly [BRAND] = true;
  constructor(code: DatabaseErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DatabaseToolError";
    this.code = code;
  }
}

/**
 * True for a {@link DatabaseToolError}, even from another copy of this package.
 *
 * @example
 * ```ts
 * if (isDatabaseToolError(error) && error.code === "REJECTED") retryWithSelect();
 * ```
 */
export function isDatabaseToolError(error: unknown): error is DatabaseToolError {
  return typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[BRAND] === true;
}

/** Shorthand for a guard refusal. */
export function rejected(message: string): DatabaseToolError {
  return new DatabaseToolError("REJECTED", message);
}
