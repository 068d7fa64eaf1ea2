import { describe, expect, it } from "vitest";
import { InvalidCursorError, paginate } from "./pagination.js";

const keyOf = (item: string) => item;
const letters = Array.from({ length: 7 }, (_, i) => String.fromCharCode(97 + i));

describe("paginate", () => {
  it("walks every item exactly once in pages of pageSize", () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = paginate(letters, { cursor, pageSize: 3, keyOf });
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(seen).toEqual(letters);
    expect(pages).toBe(3);
  });

  it("omits nextCursor on the last page and on an exactly full page", () => {
    expect(paginate(letters.slice(0, 3), { pageSize: 3, keyOf }).nextCursor).toBeUndefined();
    expect(paginate([], { pageSize: 3, keyOf })).toEqual({ items: [] });
  });

  it("resumes after the last key even when earlier items were removed", () => {
    const first = paginate(letters, { pageSize: 3, keyOf });
    const shrunk = letters.filter((l) => l !== "a" && l !== "b");
    const second = paginate(shrunk, { cursor: first.nextCursor, pageSize: 3, keyOf });
    expect(second.items).toEqual(["d", "e", "f"]);
  });

  it("falls back to the offset when the last key itself was removed", () => {
    const first = paginate(letters, { pageSize: 3, keyOf });
    const shrunk = letters.filter((l) => l !== "c");
    expect(paginate(shrunk, { cursor: first.nextCursor, pageSize: 3, keyOf }).items).toEqual(["e", "f", "g"]);
  });

  it("produces opaque url-safe cursors and rejects foreign ones", () => {
    const { nextCursor } = paginate(letters, { pageSize: 2, keyOf });
    expect(nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(() => paginate(letters, { cursor: "not-a-cursor!", pageSize: 2, keyOf })).toThrow(
      InvalidCursorError,
    );
    const bogus = btoa(JSON.stringify({ k: 1, o: -1 }));
    expect(() => paginate(letters, { cursor: bogus, pageSize: 2, keyOf })).toThrow(/Invalid cursor/);
  });

  it("handles non-ASCII keys", () => {
    const items = ["é", "ü", "日本"];
    const first = paginate(items, { pageSize: 1, keyOf });
    expect(paginate(items, { cursor: first.nextCursor, pageSize: 1, keyOf }).items).toEqual(["ü"]);
  });
});
