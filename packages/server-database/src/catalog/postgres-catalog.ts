import { groupKeys, type KeyRow } from "./group-keys.js";
import type { Catalog, CatalogRunner, TableDescription } from "./types.js";

const LIST_TABLES = `
SELECT n.nspname, c.relname,
       CASE c.relkind WHEN 'r' THEN 'table' WHEN 'p' THEN 'table' WHEN 'v' THEN 'view'
                      WHEN 'm' THEN 'materialized view' WHEN 'f' THEN 'foreign table' END
FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
  AND ($1::text IS NULL OR n.nspname = $1::text)
ORDER BY 1, 2`;

const RELATION = `
FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1::text AND c.relname = $2::text`;

const COLUMNS = `
SELECT a.attname::text, pg_catalog.format_type(a.atttypid, a.atttypmod), NOT a.attnotnull,
       pg_catalog.pg_get_expr(d.adbin, d.adrelid)
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE n.nspname = $1::text AND c.relname = $2::text AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum`;

const KEYS = `
SELECT con.conname::text,
       CASE con.contype WHEN 'p' THEN 'primary' WHEN 'u' THEN 'unique' ELSE 'foreign' END,
       a.attname::text, fn.nspname::text, fc.relname::text, fa.attname::text
FROM pg_catalog.pg_constraint con
JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
LEFT JOIN pg_catalog.pg_class fc ON fc.oid = con.confrelid
LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace
LEFT JOIN pg_catalog.pg_attribute fa ON fa.attrelid = con.confrelid AND fa.attnum = con.confkey[k.ord]
WHERE n.nspname = $1::text AND c.relname = $2::text AND con.contype IN ('p', 'u', 'f')
ORDER BY CASE con.contype WHEN 'p' THEN 0 WHEN 'u' THEN 1 ELSE 2 END, con.conname, k.ord`;

const INDEXES = `
SELECT i.relname::text, ix.indisunique,
       ARRAY(SELECT pg_catalog.pg_get_indexdef(ix.indexrelid, k + 1, true)
             FROM generate_subscripts(ix.indkey, 1) AS k ORDER BY k)::text[],
       pg_catalog.pg_get_indexdef(ix.indexrelid)
FROM pg_catalog.pg_index ix
JOIN pg_catalog.pg_class i ON i.oid = ix.indexrelid
JOIN pg_catalog.pg_class c ON c.oid = ix.indrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1::text AND c.relname = $2::text
ORDER BY 1`;

/**
 * The catalog of PostgreSQL and PGlite, from `pg_catalog` with schema and table names bound as
 * parameters.
 *
 * @example
 * ```ts
 * const catalog = postgresCatalog((sql, params) => run(sql, params));
 * await catalog.describeTable("public", "users");
 * ```
 */
export function postgresCatalog(run: CatalogRunner): Catalog {
  return {
    async defaultSchema() {
      const rows = await run("SELECT current_schema()::text", []);
      return String(rows[0]?.[0] ?? "public");
    },
    async listTables(schema) {
      const rows = await run(LIST_TABLES, [schema ?? null]);
      return rows.map(([s, name, type]) => ({ schema: String(s), name: String(name), type: String(type) }));
    },
    async describeTable(schema, table): Promise<TableDescription | undefined> {
      const exists = await run(`SELECT 1 ${RELATION}`, [schema, table]);
      if (exists.length === 0) return undefined;
      const columns = (await run(COLUMNS, [schema, table])).map(([name, type, nullable, def]) => ({
        name: String(name),
        type: String(type),
        nullable: Boolean(nullable),
        default: def === null ? null : String(def),
      }));
      const keys = groupKeys((await run(KEYS, [schema, table])) as KeyRow[]);
      const indexes = (await run(INDEXES, [schema, table])).map(([name, unique, cols, definition]) => ({
        name: String(name),
        unique: Boolean(unique),
        columns: (cols as string[]) ?? [],
        definition: String(definition),
      }));
      const primaryKey = keys.find((key) => key.type === "primary")?.columns ?? [];
      return { schema, name: table, columns, primaryKey, keys, indexes };
    },
  };
}
