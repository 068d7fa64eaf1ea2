import { describe, expect, it } from "vitest";
import { RequestTable } from "./request-table.js";

const entry = (id: number) => ({ id, name: `r${id}` });

describe("RequestTable", () => {
  it("finds entries by numeric id only, like a Map keyed by numbers", () => {
    const table = new RequestTable<{ id: number; name: string }>();
    table.set(entry(0));
    table.set(entry(1));
    expect(table.get(1)?.name).toBe("r1");
    expect(table.get("1")).toBeUndefined();
    expect(table.has(0)).toBe(true);
    expect(table.has("0")).toBe(false);
    expect(table.get(undefined)).toBeUndefined();
    expect(table.get(65)).toBeUndefined();
    expect(table.size).toBe(2);
  });

  it("deletes, grows when an old request still holds a slot, lists oldest first and clears", () => {
    const table = new RequestTable<{ id: number; name: string }>();
    for (let id = 0; id < 40; id++) table.set(entry(id));
    for (let id = 1; id < 39; id++) table.delete(id);
    table.delete("39");
    table.delete(100);
    expect(table.size).toBe(2);
    // 64 and 128 share slot 0 with the request 0 still in flight: the ring grows.
    for (let id = 40; id < 200; id++) table.set(entry(id));
    expect(table.get(0)?.name).toBe("r0");
    expect(table.get(128)?.name).toBe("r128");
    expect(table.get(39)?.name).toBe("r39");
    expect(table.size).toBe(162);
    expect(table.values().map((e) => e.id)).toEqual([
      0,
      39,
      ...Array.from({ length: 160 }, (_, i) => 40 + i),
    ]);
    table.clear();
    expect(table.size).toBe(0);
    expect(table.values()).toEqual([]);
    expect(table.get(0)).toBeUndefined();
  });

  it("keeps its ring bounded when one request stays pending while thousands pass", () => {
    const table = new RequestTable<{ id: number; name: string }>();
    table.set(entry(0));
    for (let id = 1; id <= 20_000; id++) {
      table.set(entry(id));
      table.delete(id);
    }
    table.set(entry(20_001));
    table.set(entry(4096 * 3));
    expect(table.get(0)?.name).toBe("r0");
    expect(table.get(20_001)?.name).toBe("r20001");
    expect(table.get(4096 * 3)?.name).toBe(`r${4096 * 3}`);
    expect(table.size).toBe(3);
    expect(table.values().map((e) => e.id)).toEqual([0, 4096 * 3, 20_001]);
    // The ring stopped doubling at its cap; the request that found its slot taken waits beside it.
    expect((table as unknown as { slots: unknown[] }).slots.length).toBeLessThanOrEqual(4096);
    table.delete(4096 * 3);
    table.delete(0);
    expect(table.values().map((e) => e.id)).toEqual([20_001]);
    expect(table.size).toBe(1);
  });
});
