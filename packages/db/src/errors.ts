const BRAND = Symbol.for("@mcp/db.DbError");

/** What went wrong, for callers to map (e.g. to HTTP 404 / 409 / 400). */
export type DbErrorCode = "not_found" | "conflict" | "invalid" | "forbidden";

/**
 * A local error of the data layer, with a string code. Recognise it with `isDbError()`, which
 * works across duplicate copies of this package (a `Symbol.for` brand, not `instanceof`).
 *
 * @example
 * try { await getServerOrThrow(db, tenantId, id); } catch (e) { if (isDbError(e) && e.code === "not_found") ... }
 */
export class DbError extends Error {
  override readonly name = "DbError";
  readonly [BRAND] = true;
  constructor(
    readonly code: DbErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Whether `value` is a `DbError` (from any copy of this package).
 *
 * @example
 * if (isDbError(error) && error.code === "conflict") return c.json({ error: error.message }, 409);
 */
export function isDbError(value: unknown): value is DbError {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

/** Prisma's unique-constraint violation (P2002), recognised without importing its classes. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}
