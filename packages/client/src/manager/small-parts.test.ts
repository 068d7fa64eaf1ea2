import { createLinkedTransportPair, type JSONRPCMessage } from "@mcp/protocol";
import { describe, expect, it } from "vitest";
import { backoffDelay, resolveRestartPolicy } from "./backoff.js";
import { configHash, stableStringify } from "./config-hash.js";
import { isManagerError, ManagerError, ManagerErrorCode } from "./errors.js";
import { LatencyWindow } from "./latency-window.js";
import { ObservedTransport } from "./observed-transport.js";
import { TypedEmitter } from "./typed-emitter.js";

describe("backoffDelay", () => {
  it("grows exponentially up to the cap", () => {
    const policy = resolveRestartPolicy({ initialDelayMs: 100, factor: 2, maxDelayMs: 1000, jitter: 0 });
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, policy))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it("spreads by the jitter fraction both ways", () => {
    const policy = resolveRestartPolicy({ initialDelayMs: 1000, jitter: 0.5 });
    expect(backoffDelay(1, policy, () => 0)).toBe(500);
    expect(backoffDelay(1, policy, () => 1)).toBe(1500);
    for (let i = 0; i < 100; i++) {
      const delay = backoffDelay(1, policy);
      expect(delay).toBeGreaterThanOrEqual(500);
      expect(delay).toBeLessThanOrEqual(1500);
    }
  });

  it("has sane defaults", () => {
    expect(resolveRestartPolicy()).toEqual({
      enabled: true,
      maxAttempts: 5,
      initialDelayMs: 200,
      maxDelayMs: 30_000,
      factor: 2,
      jitter: 0.2,
      resetAfterMs: 60_000,
    });
  });
});

describe("configHash", () => {
  it("ignores key order and tells values apart", () => {
    expect(stableStringify({ b: 1, a: [2, { d: 3, c: 4 }] })).toBe('{"a":[2,{"c":4,"d":3}],"b":1}');
    expect(configHash({ a: 1, b: { c: 2 } })).toBe(configHash({ b: { c: 2 }, a: 1 }));
    expect(configHash({ a: 1 })).not.toBe(configHash({ a: 2 }));
    expect(configHash(undefined)).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe("LatencyWindow", () => {
  it("computes nearest-rank percentiles over the latest samples", () => {
    const window = new LatencyWindow(100);
    expect(window.summary()).toEqual({ count: 0, p50Ms: 0, p95Ms: 0, maxMs: 0 });
    expect(window.percentile(50)).toBe(0);
    for (let i = 1; i <= 100; i++) window.record(i);
    expect(window.summary()).toEqual({ count: 100, p50Ms: 50, p95Ms: 95, maxMs: 100 });
    for (let i = 0; i < 100; i++) window.record(1000 + i);
    expect(window.percentile(50)).toBe(1049);
    expect(window.summary().count).toBe(100);
    expect(() => new LatencyWindow(0)).toThrow(RangeError);
  });
});

describe("TypedEmitter", () => {
  it("delivers, unsubscribes and fires once", () => {
    const emitter = new TypedEmitter<{ tick: number }>();
    const seen: number[] = [];
    const off = emitter.on("tick", (n) => seen.push(n));
    emitter.once("tick", (n) => seen.push(n * 10));
    emitter.emit("tick", 1);
    emitter.emit("tick", 2);
    off();
    emitter.emit("tick", 3);
    expect(seen).toEqual([1, 10, 2]);
  });
});

describe("ManagerError", () => {
  it("is recognised by its brand", () => {
    const error = new ManagerError(ManagerErrorCode.QueueFull, "full", { data: { n: 1 }, cause: "x" });
    expect(isManagerError(error)).toBe(true);
    expect(isManagerError({ code: "QUEUE_FULL" })).toBe(false);
    expect(isManagerError(null)).toBe(false);
    expect(error).toMatchObject({ name: "ManagerError", code: "QUEUE_FULL", data: { n: 1 }, cause: "x" });
  });
});

describe("ObservedTransport", () => {
  it("forwards everything and tells the observer first", async () => {
    const [a, b] = createLinkedTransportPair({ sessionId: "s1" });
    const order: string[] = [];
    const observed = new ObservedTransport(a, {
      onclose: () => order.push("observer close"),
      onerror: () => order.push("observer error"),
    });
    observed.onclose = () => order.push("client close");
    observed.onerror = () => order.push("client error");
    const received: JSONRPCMessage[] = [];
    observed.onmessage = (message) => received.push(message);
    expect(observed.sessionId).toBe("s1");
    observed.setProtocolVersion("2025-11-25");
    await b.start();
    await observed.start();
    await b.send({ jsonrpc: "2.0", method: "notifications/initialized" });
    const echoed: JSONRPCMessage[] = [];
    b.onmessage = (message) => echoed.push(message);
    await observed.send({ jsonrpc: "2.0", id: 1, method: "ping" });
    await new Promise((r) => setTimeout(r, 0));
    expect(received).toEqual([{ jsonrpc: "2.0", method: "notifications/initialized" }]);
    expect(echoed).toEqual([{ jsonrpc: "2.0", id: 1, method: "ping" }]);
    a.onerror?.(new Error("x"));
    await observed.close();
    expect(order).toEqual(["observer error", "client error", "observer close", "client close"]);
  });
});
