import type { Database } from "../database.js";
import { DbError, isUniqueViolation } from "../errors.js";
import type { Tenant } from "../generated/prisma/client.js";

const SLUG = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** Throws `DbError("invalid")` unless `slug` is lowercase letters, digits, `-`, `_` (max 63). */
export function assertSlug(slug: string, what = "slug"): void {
  if (!SLUG.test(slug)) {
    throw new DbError(
      "invalid",
      `${what} must be 1-63 lowercase letters, digits, "-" or "_", starting alphanumeric`,
    );
  }
}

/**
 * Creates a tenant. A taken slug is a `DbError("conflict")`.
 *
 * @example
 * const acme = await createTenant(db, { slug: "acme", name: "Acme Inc." });
 */
export async function createTenant(db: Database, input: { slug: string; name: string }): Promise<Tenant> {
  assertSlug(input.slug);
  try {
    return await db.prisma.tenant.create({ data: { slug: input.slug, name: input.name } });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new DbError("conflict", `tenant "${input.slug}" exists`, { cause: error });
    throw error;
  }
}

/**
 * A tenant by id or slug, or null.
 *
 * @example
 * const tenant = await getTenant(db, "acme");
 */
export async function getTenant(db: Database, idOrSlug: string): Promise<Tenant | null> {
  return db.prisma.tenant.findFirst({ where: { OR: [{ id: idOrSlug }, { slug: idOrSlug }] } });
}

/**
 * Every tenant, by slug (platform admins only; the API checks the role).
 *
 * @example
 * const all = await listTenants(db);
 */
export async function listTenants(db: Database): Promise<Tenant[]> {
  return db.prisma.tenant.findMany({ orderBy: { slug: "asc" } });
}
