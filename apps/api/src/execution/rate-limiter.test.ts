import { describe, expect, it } from "vitest";
import { SlidingWindowRateLimiter } from "./rate-limiter.js";

describe("SlidingWindowRateLimiter", () => {
  it("allows `limit` calls in any 60 s window, across window boundaries too", () => {
    let now = 0;
    const limiter = new SlidingWindowRateLimiter({ now: () => now });
    now = 59_000;
    expect(limiter.tryTake("k", 2)).toBe(true);
    expect(limiter.tryTake("k", 2)).toBe(true);
    now = 61_000; // a fixed-minute bucket would reset here; the sliding window does not
    expect(limiter.tryTake("k", 2)).toBe(false);
    now = 119_001;
    expect(limiter.tryTake("k", 2)).toBe(true);
  });

  it("keeps keys apart and forgets idle ones on prune", () => {
    let now = 0;
    const limiter = new SlidingWindowRateLimiter({ now: () => now });
    expect(limiter.tryTake("a", 1)).toBe(true);
    expect(limiter.tryTake("b", 1)).toBe(true);
    expect(limiter.tryTake("a", 1)).toBe(false);
    now = 60_001;
    limiter.prune();
    expect(limiter.tryTake("a", 1)).toBe(true);
  });
});
