import { describe, expect, it } from "vitest";
import { formatTextTable } from "./text-table.js";

describe("formatTextTable", () => {
  it("aligns columns under their headers", () => {
    const text = formatTextTable(
      [
        { name: "id", type: "integer" },
        { name: "email", type: "text" },
      ],
      [
        [1, "ada@example.com"],
        [22, null],
      ],
    );
    expect(text.split("\n")).toEqual([
      "id | email",
      "---+----------------",
      "1  | ada@example.com",
      "22 | NULL",
    ]);
  });

  it("cuts long cells, flattens newlines and shows objects as JSON", () => {
    const text = formatTextTable([{ name: "v", type: "json" }], [["x".repeat(200)], ["a\nb"], [{ k: 1 }]]);
    const lines = text.split("\n");
    expect(lines[2]).toHaveLength(80);
    expect(lines[2]?.endsWith("…")).toBe(true);
    expect(lines[3]).toBe("a b");
    expect(lines[4]).toBe('{"k":1}');
  });

  it("prints just the header for an empty result", () => {
    expect(formatTextTable([{ name: "n", type: "int" }], [])).toBe("n\n-");
  });
});
