import { describe, expect, it, vi } from "vitest";
import { isLocalError, LocalErrorCode } from "./errors.js";
import type { JSONRPCMessage } from "./jsonrpc.js";
import { createLinkedTransportPair, type MessageExtra } from "./transport.js";

const ping: JSONRPCMessage = { jsonrpc: "2.0", id: 1, method: "ping" };

function collect(transport: { onmessage?: (m: JSONRPCMessage, e?: MessageExtra) => void }) {
  const seen: { message: JSONRPCMessage; extra?: MessageExtra }[] = [];
  transport.onmessage = (message, extra) => seen.push({ message, extra });
  return seen;
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("createLinkedTransportPair", () => {
  it("delivers in order, as copies, after start()", async () => {
    const [a, b] = createLinkedTransportPair();
    const seen = collect(b);
    await a.start();
    const sent = { jsonrpc: "2.0" as const, method: "n", params: { x: [1] } };
    await a.send(sent);
    await a.send(ping);
    expect(seen).toEqual([]); // b not started: queued
    await b.start();
    await a.send({ jsonrpc: "2.0", id: 2, result: {} });
    await tick();
    expect(seen.map((s) => s.message)).toEqual([sent, ping, { jsonrpc: "2.0", id: 2, result: {} }]);
    expect(seen[0]?.message).not.toBe(sent);
    expect(seen[0]?.extra).toBeUndefined();
  });

  it("delivers asynchronously, so a reply from onmessage does not re-enter the sender", async () => {
    const [a, b] = createLinkedTransportPair();
    const order: string[] = [];
    b.onmessage = (message) => {
      order.push("b got");
      if ("method" in message && "id" in message) void b.send({ jsonrpc: "2.0", id: message.id, result: {} });
    };
    a.onmessage = () => order.push("a got");
    await a.start();
    await b.start();
    const sending = a.send(ping);
    order.push("send returned");
    await sending;
    await tick();
    expect(order).toEqual(["send returned", "b got", "a got"]);
  });

  it("passes sessionId and authInfo to the second transport's extra", async () => {
    const [a, b] = createLinkedTransportPair({ sessionId: "s-1", authInfo: { token: "t" } });
    const toServer = collect(b);
    const toClient = collect(a);
    await a.start();
    await b.start();
    await a.send(ping);
    await b.send({ jsonrpc: "2.0", id: 1, result: {} });
    await tick();
    expect(a.sessionId).toBe("s-1");
    expect(toServer[0]?.extra).toEqual({ sessionId: "s-1", authInfo: { token: "t" } });
    expect(toClient[0]?.extra).toEqual({ sessionId: "s-1" });
    const [c, d] = createLinkedTransportPair({ authInfo: 1 });
    const seen = collect(d);
    await c.start();
    await d.start();
    await c.send(ping);
    await tick();
    expect(seen[0]?.extra).toEqual({ authInfo: 1 });
  });

  it("closing one side closes both once; sending afterwards fails with CONNECTION_CLOSED", async () => {
    const [a, b] = createLinkedTransportPair();
    const closedA = vi.fn();
    const closedB = vi.fn();
    a.onclose = closedA;
    b.onclose = closedB;
    await a.start();
    await b.start();
    await b.close();
    await a.close();
    expect(closedA).toHaveBeenCalledTimes(1);
    expect(closedB).toHaveBeenCalledTimes(1);
    const error = await a.send(ping).catch((e: unknown) => e);
    expect(isLocalError(error) && error.code).toBe(LocalErrorCode.ConnectionClosed);
    const [c] = createLinkedTransportPair();
    await c.close();
    await expect(c.start()).rejects.toThrow(/closed/);
  });

  it("drops messages in flight when the receiver closes, and refuses a second start()", async () => {
    const [a, b] = createLinkedTransportPair();
    const seen = collect(b);
    await a.start();
    await b.start();
    await expect(a.start()).rejects.toMatchObject({ code: LocalErrorCode.AlreadyStarted });
    const sending = a.send(ping);
    await b.close();
    await sending;
    await tick();
    expect(seen).toEqual([]);
  });

  it("reports a throwing onmessage through onerror", async () => {
    const [a, b] = createLinkedTransportPair();
    const errors: Error[] = [];
    b.onmessage = () => {
      throw new Error("handler broke");
    };
    b.onerror = (error) => errors.push(error);
    await a.start();
    await b.start();
    await a.send(ping);
    b.onmessage = () => {
      throw "not an error";
    };
    await a.send(ping);
    await tick();
    expect(errors.map((e) => e.message)).toEqual(["handler broke", "not an error"]);
  });

  it("records the protocol version", () => {
    const [a] = createLinkedTransportPair();
    a.setProtocolVersion?.("2025-06-18");
    expect((a as unknown as { protocolVersion: string }).protocolVersion).toBe("2025-06-18");
  });
});
