import { describe, expect, it } from "vitest";
import { TtlCache } from "./ttl-cache.js";

describe("TtlCache", () => {
  it("serves a loaded value until its TTL, then loads again", async () => {
    let now = 0;
    const cache = new TtlCache<string, number>({ ttlMs: 100, maxEntries: 10, now: () => now });
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.get("a", load)).toBe(1);
    now = 99;
    expect(await cache.get("a", load)).toBe(1);
    now = 100;
    expect(await cache.get("a", load)).toBe(2);
  });

  it("shares one load between concurrent misses", async () => {
    const cache = new TtlCache<string, number>({ ttlMs: 1_000, maxEntries: 10 });
    let loads = 0;
    let finish!: (value: number) => void;
    const load = () => {
      loads += 1;
      return new Promise<number>((resolve) => {
        finish = resolve;
      });
    };
    const all = Promise.all([cache.get("a", load), cache.get("a", load), cache.get("a", load)]);
    finish(7);
    expect(await all).toEqual([7, 7, 7]);
    expect(loads).toBe(1);
  });

  it("keeps neither undefined results nor failures", async () => {
    const cache = new TtlCache<string, number>({ ttlMs: 1_000, maxEntries: 10 });
    expect(await cache.get("a", async () => undefined)).toBeUndefined();
    await expect(cache.get("b", async () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(await cache.get("a", async () => 1)).toBe(1);
    expect(await cache.get("b", async () => 2)).toBe(2);
  });

  it("drops the oldest entry when full", async () => {
    const cache = new TtlCache<string, string>({ ttlMs: 1_000, maxEntries: 2 });
    await cache.get("a", async () => "a1");
    await cache.get("b", async () => "b1");
    await cache.get("c", async () => "c1");
    expect(cache.size).toBe(2);
    expect(await cache.get("a", async () => "a2")).toBe("a2");
    expect(await cache.get("c", async () => "c2")).toBe("c1");
  });

  it("clear() also forgets loads still running, so a pre-write read is never served after it", async () => {
    const cache = new TtlCache<string, string>({ ttlMs: 1_000, maxEntries: 10 });
    let finish!: (value: string) => void;
    const stale = cache.get("k", () => new Promise<string>((resolve) => (finish = resolve)));
    cache.clear();
    finish("before the write");
    expect(await stale).toBe("before the write");
    expect(await cache.get("k", async () => "after the write")).toBe("after the write");
  });

  it("with a TTL of 0 every get loads", async () => {
    const cache = new TtlCache<string, number>({ ttlMs: 0, maxEntries: 10 });
    let loads = 0;
    await cache.get("a", async () => ++loads);
    await cache.get("a", async () => ++loads);
    expect(loads).toBe(2);
    expect(cache.size).toBe(0);
  });
});
