import { describe, expect, it } from "vitest";
import { ConcurrencyLimiter } from "./concurrency-limiter.js";
import { ManagerErrorCode } from "./errors.js";

describe("ConcurrencyLimiter", () => {
  it("validates its options", () => {
    expect(() => new ConcurrencyLimiter({ concurrency: 0, maxQueue: 1 })).toThrow(RangeError);
    expect(() => new ConcurrencyLimiter({ concurrency: 1, maxQueue: -1 })).toThrow(RangeError);
  });

  it("keeps FIFO order across many aborted waiters and compactions", async () => {
    const limiter = new ConcurrencyLimiter({ concurrency: 1, maxQueue: 1000 });
    let release = () => {};
    const gate = limiter.run(() => new Promise<void>((resolve) => (release = resolve)));
    const order: number[] = [];
    const controllers: AbortController[] = [];
    const runs: Promise<unknown>[] = [];
    for (let i = 0; i < 300; i++) {
      const controller = new AbortController();
      controllers.push(controller);
      runs.push(
        limiter
          .run(async () => {
            order.push(i);
          }, controller.signal)
          .catch((error: { code: string }) => error.code),
      );
    }
    for (let i = 0; i < 300; i += 3) controllers[i]!.abort();
    expect(limiter.queued).toBe(200);
    await new Promise((r) => setTimeout(r, 0));
    release();
    await gate;
    const results = await Promise.all(runs);
    expect(results.filter((r) => r === ManagerErrorCode.CallAborted)).toHaveLength(100);
    expect(order).toEqual(Array.from({ length: 300 }, (_, i) => i).filter((i) => i % 3 !== 0));
    expect(limiter.idle).toBe(true);
  });

  it("rejects queued tasks on demand and refuses a full queue", async () => {
    const limiter = new ConcurrencyLimiter({ concurrency: 1, maxQueue: 1, name: "x" });
    let release = () => {};
    const first = limiter.run(() => new Promise<void>((resolve) => (release = resolve)));
    const second = limiter.run(async () => 2);
    await expect(limiter.run(async () => 3)).rejects.toThrow(/"x" is full \(1 waiting, 1 running\)/);
    limiter.rejectQueued(new Error("closing"));
    await expect(second).rejects.toThrow("closing");
    expect(limiter.queued).toBe(0);
    release();
    await first;
    await expect(limiter.run(async () => 1, AbortSignal.abort())).rejects.toMatchObject({
      code: ManagerErrorCode.CallAborted,
    });
  });
});
