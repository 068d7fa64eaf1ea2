import { describe, expect, it } from "vitest";
import { KeyedSemaphore, SemaphoreWaitError } from "./keyed-semaphore.js";

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("KeyedSemaphore", () => {
  it("grants up to the limit at once, then serves waiters in FIFO order", async () => {
    const semaphore = new KeyedSemaphore();
    const a = await semaphore.acquire("k", { limit: 2, timeoutMs: 1_000 });
    const b = await semaphore.acquire("k", { limit: 2, timeoutMs: 1_000 });
    const order: string[] = [];
    const queue = (label: string) =>
      semaphore.acquire("k", { limit: 2, timeoutMs: 1_000 }).then((release) => {
        order.push(label);
        return release;
      });
    const c = queue("c");
    const d = queue("d");
    await tick();
    expect(order).toEqual([]);
    expect(semaphore.queued("k")).toBe(2);
    a();
    const releaseC = await c;
    expect(order).toEqual(["c"]);
    b();
    await d;
    expect(order).toEqual(["c", "d"]);
    expect(semaphore.active("k")).toBe(2);
    releaseC();
    releaseC(); // a second release is a no-op
    expect(semaphore.active("k")).toBe(1);
  });

  it("keeps keys apart", async () => {
    const semaphore = new KeyedSemaphore();
    await semaphore.acquire("a", { limit: 1, timeoutMs: 1_000 });
    await expect(semaphore.acquire("b", { limit: 1, timeoutMs: 1_000 })).resolves.toBeTypeOf("function");
  });

  it("fails a wait that outlasts its timeout, and one whose caller aborts", async () => {
    const semaphore = new KeyedSemaphore();
    const hold = await semaphore.acquire("k", { limit: 1, timeoutMs: 1_000 });
    await expect(semaphore.acquire("k", { limit: 1, timeoutMs: 20 })).rejects.toMatchObject({
      reason: "timeout",
    });
    const controller = new AbortController();
    const waiting = semaphore.acquire("k", { limit: 1, timeoutMs: 1_000, signal: controller.signal });
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(SemaphoreWaitError);
    expect(semaphore.queued("k")).toBe(0);
    hold();
    expect(semaphore.active("k")).toBe(0);
  });

  it("refuses a waiter beyond the queue bound", async () => {
    const semaphore = new KeyedSemaphore({ maxQueue: 1 });
    await semaphore.acquire("k", { limit: 1, timeoutMs: 1_000 });
    const first = semaphore.acquire("k", { limit: 1, timeoutMs: 50 });
    await expect(semaphore.acquire("k", { limit: 1, timeoutMs: 1_000 })).rejects.toMatchObject({
      reason: "queue_full",
    });
    await expect(first).rejects.toMatchObject({ reason: "timeout" });
  });
});
