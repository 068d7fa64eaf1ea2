import { groupIndexes, groupKeys, type KeyRow } from "./group-keys.js";
import type { Catalog, CatalogRunner, TableDescription } from "./types.js";

const SYSTEM = "('mysql', 'information_schema', 'performance_schema', 'sys')";

const LIST_TABLES = `
SELECT TABLE_SCHEMA, TABLE_NAME, CASE TABLE_TYPE WHEN 'BASE TABLE' THEN 'table' WHEN 'VIEW' THEN 'view' ELSE LOWER(TABLE_TYPE) END
FROM information_schema.TABLES
WHERE (CAST(? AS CHAR) IS NULL AND TABLE_SCHEMA NOT IN ${SYSTEM}) OR TABLE_SCHEMA = CAST(? AS CHAR)
ORDER BY 1, 2`;

const COLUMNS = `
SELECT COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE = 'YES', COLUMN_DEFAULT
FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?
ORDER BY ORDINAL_POSITION`;

const KEYS = `
SELECT k.CONSTRAINT_NAME,
       CASE t.CONSTRAINT_TYPE WHEN 'PRIMARY KEY' THEN 'primary' WHEN 'UNIQUE' THEN 'unique' ELSE 'foreign' END,
       k.COLUMN_NAME, k.REFERENCED_TABLE_SCHEMA, k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME
FROM information_schema.KEY_COLUMN_USAGE k
JOIN information_schema.TABLE_CONSTRAINTS t
  ON t.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND t.CONSTRAINT_NAME = k.CONSTRAINT_NAME
 AND t.TABLE_SCHEMA = k.TABLE_SCHEMA AND t.TABLE_NAME = k.TABLE_NAME
WHERE k.TABLE_SCHEMA = ? AND k.TABLE_NAME = ? AND t.CONSTRAINT_TYPE IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY')
ORDER BY FIELD(t.CONSTRAINT_TYPE, 'PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY'), k.CONSTRAINT_NAME, k.ORDINAL_POSITION`;

const INDEXES = `
SELECT INDEX_NAME, NON_UNIQUE = 0, COLUMN_NAME
FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?
ORDER BY INDEX_NAME, SEQ_IN_INDEX`;

/**
 * The catalog of MySQL and MariaDB, from `information_schema` with names bound as parameters.
 * A schema is a database; with no filter every non-system database is listed.
 *
 * @example
 * ```ts
 * await mysqlCatalog(run).listTables("app");
 * ```
 */
export function mysqlCatalog(run: CatalogRunner): Catalog {
  return {
    async defaultSchema() {
      const rows = await run("SELECT DATABASE()", []);
      return String(rows[0]?.[0] ?? "");
    },
    async listTables(schema) {
      const rows = await run(LIST_TABLES, [schema ?? null, schema ?? null]);
      return rows.map(([s, name, type]) => ({ schema: String(s), name: String(name), type: String(type) }));
    },
    async describeTable(schema, table): Promise<TableDescription | undefined> {
      const columns = (await run(COLUMNS, [schema, table])).map(([name, type, nullable, def]) => ({
        name: String(name),
        type: String(type),
        nullable: Number(nullable) === 1,
        // MariaDB reports "no default" on a nullable column as the text NULL (literals are quoted).
        default: def === null || def === "NULL" ? null : String(def),
      }));
      if (columns.length === 0) return undefined;
      const keys = groupKeys((await run(KEYS, [schema, table])) as KeyRow[]);
      const indexes = groupIndexes(
        (await run(INDEXES, [schema, table])).map(([name, unique, column]) => [
          String(name),
          Number(unique) === 1,
          String(column),
        ]),
      );
      const primaryKey = keys.find((key) => key.type === "primary")?.columns ?? [];
      return { schema, name: table, columns, primaryKey, keys, indexes };
    },
  };
}
