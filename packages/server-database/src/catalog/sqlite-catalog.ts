import { groupIndexes, groupKeys, type KeyRow } from "./group-keys.js";
import type { Catalog, CatalogRunner, TableDescription } from "./types.js";

/**
 * The catalog of SQLite, from `sqlite_schema` and the table-valued pragma functions (which
 * `query_only` allows), with the table name bound as a parameter. The only schema is `main`
 * (ATTACH is refused).
 *
 * @example
 * ```ts
 * await sqliteCatalog(run).describeTable("main", "users");
 * ```
 */
export function sqliteCatalog(run: CatalogRunner): Catalog {
  return {
    async defaultSchema() {
      return "main";
    },
    async listTables(schema) {
      if (schema !== undefined && schema !== "main") return [];
      const rows = await run(
        "SELECT name, type FROM sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name",
        [],
      );
      return rows.map(([name, type]) => ({ schema: "main", name: String(name), type: String(type) }));
    },
    async describeTable(schema, table): Promise<TableDescription | undefined> {
      if (schema !== "main") return undefined;
      const info = await run(
        'SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info(?) ORDER BY cid',
        [table],
      );
      if (info.length === 0) return undefined;
      const columns = info.map(([name, type, notnull, def]) => ({
        name: String(name),
        type: String(type || "any").toLowerCase(),
        nullable: Number(notnull) === 0,
        default: def === null ? null : String(def),
      }));
      const primaryKey = info
        .filter((row) => Number(row[4]) > 0)
        .sort((a, b) => Number(a[4]) - Number(b[4]))
        .map((row) => String(row[0]));
      const indexRows = await run(
        'SELECT il.name, il."unique", il.origin, ii.name FROM pragma_index_list(?) AS il, pragma_index_info(il.name) AS ii ORDER BY il.name, ii.seqno',
        [table],
      );
      const uniqueRows: KeyRow[] = indexRows
        .filter((row) => row[2] === "u")
        .map((row) => [String(row[0]), "unique", String(row[3]), null, null, null]);
      const fkRows: KeyRow[] = (
        await run('SELECT id, "table", "from", "to" FROM pragma_foreign_key_list(?) ORDER BY id, seq', [
          table,
        ])
      ).map(([id, refTable, from, to]) => [
        `fk_${table}_${id}`,
        "foreign",
        String(from),
        "main",
        String(refTable),
        to === null ? null : String(to),
      ]);
      const keys = [
        ...(primaryKey.length ? [{ name: "primary", type: "primary" as const, columns: primaryKey }] : []),
        ...groupKeys([...uniqueRows, ...fkRows]),
      ];
      const indexes = groupIndexes(
        indexRows.map(([name, unique, , column]) => [String(name), Number(unique) === 1, String(column)]),
      );
      return { schema, name: table, columns, primaryKey, keys, indexes };
    },
  };
}
