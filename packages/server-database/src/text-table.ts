import type { ColumnInfo } from "./drivers/types.js";

const MAX_CELL = 80;

/**
 * A readable plain-text table of a result, for the tool's text content: a header, a rule, one
 * line per row; long cells are cut with "…", NULL is shown as NULL, `|` separates columns.
 *
 * @example
 * ```ts
 * formatTextTable([{ name: "id", type: "integer" }], [[1], [2]]);
 * // "id\n--\n1\n2"
 * ```
 */
export function formatTextTable(columns: ColumnInfo[], rows: unknown[][]): string {
  const cells = rows.map((row) => columns.map((_, i) => cell(row[i])));
  const widths = columns.map((column, i) =>
    Math.max(column.name.length, ...cells.map((row) => (row[i] as string).length)),
  );
  const line = (values: string[]) =>
    values
      .map((value, i) => value.padEnd(widths[i] as number))
      .join(" | ")
      .trimEnd();
  return [
    line(columns.map((c) => c.name)),
    widths.map((w) => "-".repeat(w)).join("-+-"),
    ...cells.map(line),
  ].join("\n");
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  const text = (typeof value === "object" ? JSON.stringify(value) : String(value)).replace(/\s+/g, " ");
  return text.length > MAX_CELL ? `${text.slice(0, MAX_CELL - 1)}…` : text;
}
