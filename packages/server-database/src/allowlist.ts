import type { TableReference } from "./guard/types.js";

/** Optional limits on what the tools may see (layer 5). Empty or absent means no limit. */
export interface Allowlist {
  /** Schemas (PostgreSQL), databases (MySQL) — SQLite has only `main`. */
  schemas?: string[];
  /** Tables as `name` or `schema.name`. */
  tables?: string[];
}

/**
 * Decides whether a table is visible under an allowlist. Unqualified references are taken to
 * mean the connection's default schema. Names compare case-sensitively for PostgreSQL (whose
 * parser has already folded unquoted names) and case-insensitively elsewhere.
 *
 * @example
 * ```ts
 * const allowed = tableAllowed({ tables: ["public.users"] }, { caseSensitive: true, defaultSchema: "public" });
 * allowed({ name: "users" }); // true
 * allowed({ schema: "secret", name: "users" }); // false
 * ```
 */
export function tableAllowed(
  allowlist: Allowlist,
  options: { caseSensitive: boolean; defaultSchema: string },
): (table: TableReference) => boolean {
  const norm = (s: string) => (options.caseSensitive ? s : s.toLowerCase());
  const schemas = allowlist.schemas?.length ? new Set(allowlist.schemas.map(norm)) : undefined;
  const tables = allowlist.tables?.length ? allowlist.tables.map(norm) : undefined;
  return (table) => {
    const schema = norm(table.schema ?? options.defaultSchema);
    const name = norm(table.name);
    if (schemas && !schemas.has(schema)) return false;
    if (tables && !tables.some((entry) => entry === name || entry === `${schema}.${name}`)) return false;
    return true;
  };
}

/** True when the allowlist limits anything. */
export function hasAllowlist(allowlist: Allowlist): boolean {
  return Boolean(allowlist.schemas?.length || allowlist.tables?.length);
}
