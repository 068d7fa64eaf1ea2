import type { IndexDescription, KeyDescription } from "./types.js";

/** Rows of (name, type, column, refSchema, refTable, refColumn), one per key column, in order. */
export type KeyRow = [string, KeyDescription["type"], string, string | null, string | null, string | null];

/**
 * Folds one-row-per-column key listings into keys with column lists.
 *
 * @example
 * ```ts
 * groupKeys([["pk", "primary", "id", null, null, null]]); // [{ name: "pk", type: "primary", columns: ["id"] }]
 * ```
 */
export function groupKeys(rows: KeyRow[]): KeyDescription[] {
  const keys = new Map<string, KeyDescription>();
  for (const [name, type, column, refSchema, refTable, refColumn] of rows) {
    let key = keys.get(`${type}:${name}`);
    if (!key) {
      key = { name, type, columns: [] };
      if (type === "foreign")
        key.references = { schema: refSchema ?? "", table: refTable ?? "", columns: [] };
      keys.set(`${type}:${name}`, key);
    }
    key.columns.push(column);
    if (key.references && refColumn !== null) key.references.columns.push(refColumn);
  }
  return [...keys.values()];
}

/** Rows of (name, unique, column), one per indexed column, in order. */
export function groupIndexes(rows: Array<[string, boolean, string]>): IndexDescription[] {
  const indexes = new Map<string, IndexDescription>();
  for (const [name, unique, column] of rows) {
    const index = indexes.get(name) ?? { name, unique, columns: [] };
    index.columns.push(column);
    indexes.set(name, index);
  }
  return [...indexes.values()];
}
