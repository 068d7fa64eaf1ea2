import { afterEach, describe, expect, it } from "vitest";
import { ErrorCode, isLocalError, isProtocolError, LocalErrorCode, ProtocolError } from "../errors.js";
import type { JSONRPCMessage } from "../jsonrpc.js";
import { createLinkedTransportPair, type Transport, type TransportSendOptions } from "../transport.js";
import { JsonRpcPeer } from "./json-rpc-peer.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Records what a transport sent (and with which options) before forwarding it. */
function recording(transport: Transport): {
  transport: Transport;
  sent: { message: JSONRPCMessage; options?: TransportSendOptions }[];
} {
  const sent: { message: JSONRPCMessage; options?: TransportSendOptions }[] = [];
  const wrapper: Transport = {
    start: () => transport.start(),
    close: () => transport.close(),
    send: (message, options) => {
      sent.push({ message, ...(options === undefined ? {} : { options }) });
      return transport.send(message, options);
    },
  };
  transport.onmessage = (message, extra) => wrapper.onmessage?.(message, extra);
  transport.onclose = () => wrapper.onclose?.();
  transport.onerror = (error) => wrapper.onerror?.(error);
  return { transport: wrapper, sent };
}

/** A raw end: whatever the test sends goes to the peer unchecked; everything received is kept. */
async function rawEnd(transport: Transport): Promise<{
  received: JSONRPCMessage[];
  send: (message: unknown) => Promise<void>;
  next: (predicate?: (m: JSONRPCMessage) => boolean) => Promise<JSONRPCMessage>;
}> {
  const received: JSONRPCMessage[] = [];
  const waiters: { predicate: (m: JSONRPCMessage) => boolean; resolve: (m: JSONRPCMessage) => void }[] = [];
  transport.onmessage = (message) => {
    received.push(message);
    for (const waiter of [...waiters]) {
      if (waiter.predicate(message)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(message);
      }
    }
  };
  await transport.start();
  return {
    received,
    send: (message) => transport.send(message as JSONRPCMessage),
    next: (predicate = () => true) => {
      const found = received.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push({ predicate, resolve }));
    },
  };
}

const peers: JsonRpcPeer[] = [];

async function connectedPair(options: { defaultTimeoutMs?: number } = {}) {
  const [a, b] = createLinkedTransportPair();
  const client = new JsonRpcPeer(options);
  const server = new JsonRpcPeer(options);
  peers.push(client, server);
  const clientErrors: Error[] = [];
  const serverErrors: Error[] = [];
  client.onerror = (error) => clientErrors.push(error);
  server.onerror = (error) => serverErrors.push(error);
  await server.connect(b);
  await client.connect(a);
  return { client, server, clientErrors, serverErrors };
}

async function peerWithRawOtherEnd(options: { defaultTimeoutMs?: number } = {}) {
  const [a, b] = createLinkedTransportPair();
  const peer = new JsonRpcPeer(options);
  peers.push(peer);
  const errors: Error[] = [];
  peer.onerror = (error) => errors.push(error);
  const raw = await rawEnd(b);
  await peer.connect(a);
  return { peer, raw, errors };
}

afterEach(async () => {
  await Promise.all(peers.splice(0).map((peer) => peer.close()));
});

describe("JsonRpcPeer requests", () => {
  it("sends a request and resolves with the handler's result", async () => {
    const { client, server } = await connectedPair();
    server.setRequestHandler("x/echo", async (params) => ({ echoed: params.value }));
    await expect(client.request("x/echo", { value: 42 })).resolves.toEqual({ echoed: 42 });
  });

  it("matches responses by id when they arrive in any order", async () => {
    const { client, server } = await connectedPair();
    const order: number[] = [];
    server.setRequestHandler("x/wait", async (params) => {
      await sleep(Number(params.ms));
      order.push(Number(params.ms));
      return { ms: params.ms };
    });
    const results = await Promise.all([40, 25, 10, 0].map((ms) => client.request("x/wait", { ms })));
    expect(results).toEqual([{ ms: 40 }, { ms: 25 }, { ms: 10 }, { ms: 0 }]);
    // Proof that the responses really came back out of order.
    expect(order).toEqual([0, 10, 25, 40]);
  });

  it("answers pings by default", async () => {
    const { client } = await connectedPair();
    await expect(client.request("ping")).resolves.toEqual({});
  });

  it("answers -32601 for a method without a handler", async () => {
    const { client } = await connectedPair();
    const error = await client.request("x/nope", {}).catch((e: unknown) => e);
    expect(isProtocolError(error)).toBe(true);
    expect(error).toMatchObject({ code: ErrorCode.MethodNotFound, message: "Method not found: x/nope" });
  });

  it("answers a thrown ProtocolError with its code, message and data", async () => {
    const { client, server } = await connectedPair();
    server.setRequestHandler("x/fail", async () => {
      throw new ProtocolError(-32002, "Resource not found", { uri: "file:///nope" });
    });
    const error = await client.request("x/fail", {}).catch((e: unknown) => e);
    expect(isProtocolError(error)).toBe(true);
    expect(error).toMatchObject({
      code: -32002,
      message: "Resource not found",
      data: { uri: "file:///nope" },
    });
  });

  it("answers any other throw with -32603 and leaks neither message nor stack", async () => {
    const { client, server } = await connectedPair();
    server.setRequestHandler("x/bug", async () => {
      throw new Error("db password is hunter2");
    });
    server.setRequestHandler("x/sync-bug", () => {
      throw new TypeError("boom");
    });
    for (const method of ["x/bug", "x/sync-bug"]) {
      const error = await client.request(method, {}).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: ErrorCode.InternalError, message: "Internal error" });
      expect(JSON.stringify((error as ProtocolError).toJSON())).not.toContain("hunter2");
      expect((error as ProtocolError).data).toBeUndefined();
    }
  });

  it("rejects before connect and after close", async () => {
    const peer = new JsonRpcPeer();
    const before = await peer.request("ping").catch((e: unknown) => e);
    expect(isLocalError(before) && before.code).toBe(LocalErrorCode.NotConnected);
    await expect(peer.notify("x/n")).rejects.toMatchObject({ code: LocalErrorCode.NotConnected });
    const { client } = await connectedPair();
    await client.close();
    await expect(client.request("ping")).rejects.toMatchObject({ code: LocalErrorCode.ConnectionClosed });
    await expect(client.notify("x/n")).rejects.toMatchObject({ code: LocalErrorCode.ConnectionClosed });
  });

  it("refuses a second connect", async () => {
    const { client } = await connectedPair();
    const [other] = createLinkedTransportPair();
    await expect(client.connect(other)).rejects.toMatchObject({ code: LocalErrorCode.AlreadyStarted });
  });

  it("rejects a request whose send fails with the transport's error", async () => {
    const peer = new JsonRpcPeer();
    peers.push(peer);
    let fail: unknown = new Error("pipe broken");
    await peer.connect({
      start: async () => {},
      close: async () => {},
      send: async () => {
        throw fail;
      },
    });
    await expect(peer.request("ping")).rejects.toBe(fail);
    fail = "a string";
    const error = await peer.request("ping").catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: LocalErrorCode.ConnectionClosed,
      message: "Failed to send ping: a string",
    });
  });

  it("rejects every request of a batch whose shared send promise fails, and no other", async () => {
    // A batching transport (stdio) hands every message of one write the same promise.
    let batch: { promise: Promise<void>; reject: (error: unknown) => void } | undefined;
    const batches: NonNullable<typeof batch>[] = [];
    const peer = new JsonRpcPeer();
    peers.push(peer);
    await peer.connect({
      start: async () => {},
      close: async () => {},
      send: () => {
        if (batch === undefined) {
          let reject!: (error: unknown) => void;
          const promise = new Promise<void>((_, rej) => {
            reject = rej;
          });
          batch = { promise, reject };
          batches.push(batch);
        }
        return batch.promise;
      },
    });
    const first = [peer.request("x/a"), peer.request("x/b")].map((p) => p.catch((e: unknown) => e));
    batch = undefined;
    const second = peer.request("x/c", undefined, { timeoutMs: 20 }).catch((e: unknown) => e);
    const broken = new Error("pipe broken");
    batches[0]?.reject(broken);
    expect(await Promise.all(first)).toEqual([broken, broken]);
    const late = await second;
    expect(late).toMatchObject({ code: LocalErrorCode.RequestTimeout });
    batches[1]?.reject("late");
    batch = undefined;
    const third = peer.request("x/d").catch((e: unknown) => e);
    batches[2]?.reject("a string");
    expect(await third).toMatchObject({ message: "Failed to send x/d: a string" });
  });

  it("attributes a failure to the right requests when a transport reuses one settled promise", async () => {
    const done = Promise.resolve();
    let fail: Promise<void> | undefined;
    const peer = new JsonRpcPeer({ defaultTimeoutMs: 50 });
    peers.push(peer);
    const sent: string[] = [];
    await peer.connect({
      start: async () => {},
      close: async () => {},
      send: (message) => {
        sent.push("method" in message ? message.method : "");
        return fail ?? done;
      },
    });
    const ok = [peer.request("x/a"), peer.request("x/b")].map((p) => p.catch((e: unknown) => e));
    await sleep(0);
    fail = Promise.reject(new Error("gone"));
    const failed = peer.request("x/c").catch((e: unknown) => e);
    expect(await failed).toMatchObject({ message: "gone" });
    // x/a and x/b were sent fine: they wait for an answer and time out, never "gone".
    for (const result of await Promise.all(ok))
      expect(result).toMatchObject({ code: LocalErrorCode.RequestTimeout });
    expect(sent.filter((m) => m.startsWith("x/"))).toEqual(["x/a", "x/b", "x/c"]);
  });

  it("connects again after close and ignores the old transport", async () => {
    const { client, server } = await connectedPair();
    server.setRequestHandler("x/a", async () => ({ n: 1 }));
    const old = client.currentTransport;
    await client.close();
    expect(client.currentTransport).toBeUndefined();
    const [a, b] = createLinkedTransportPair();
    const server2 = new JsonRpcPeer();
    peers.push(server2);
    server2.setRequestHandler("x/a", async () => ({ n: 2 }));
    await server2.connect(b);
    await client.connect(a);
    old?.onclose?.();
    old?.onmessage?.({ jsonrpc: "2.0", id: 0, result: { stale: true } });
    await expect(client.request("x/a", {})).resolves.toEqual({ n: 2 });
  });

  it("keeps handlers the transport already had", async () => {
    const [a, b] = createLinkedTransportPair();
    const seen: string[] = [];
    a.onmessage = (message) => seen.push("result" in message ? "response" : "other");
    const client = new JsonRpcPeer();
    const server = new JsonRpcPeer();
    peers.push(client, server);
    await server.connect(b);
    await client.connect(a);
    await client.request("ping");
    expect(seen).toEqual(["response"]);
  });
});

describe("JsonRpcPeer malformed and unexpected messages", () => {
  it("reports a response for an unknown id without breaking pending requests", async () => {
    const { peer, raw, errors } = await peerWithRawOtherEnd();
    const pending = peer.request("x/slow", {});
    const request = await raw.next((m) => "method" in m && m.method === "x/slow");
    await raw.send({ jsonrpc: "2.0", id: 9999, result: {} });
    await sleep(5);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: LocalErrorCode.InvalidMessage });
    expect(errors[0]?.message).toContain("unknown request id 9999");
    await raw.send({ jsonrpc: "2.0", id: (request as { id: number }).id, result: { ok: true } });
    await expect(pending).resolves.toEqual({ ok: true });
  });

  it("reports garbage without breaking pending requests", async () => {
    const { peer, raw, errors } = await peerWithRawOtherEnd();
    const pending = peer.request("x/slow", {});
    const request = (await raw.next((m) => "method" in m)) as { id: number };
    await raw.send({ hello: "world" });
    await raw.send([{ jsonrpc: "2.0", method: "x" }]);
    await raw.send({ jsonrpc: "2.0", method: "x/n", params: "text" });
    await raw.send({ jsonrpc: "2.0", error: { code: -32700, message: "Parse error" } });
    await sleep(5);
    expect(errors.map((e) => (e as { code?: string }).code)).toEqual([
      LocalErrorCode.InvalidMessage,
      LocalErrorCode.InvalidMessage,
      LocalErrorCode.InvalidMessage,
      LocalErrorCode.InvalidMessage,
    ]);
    expect(errors[0]?.message).toContain("Malformed message");
    expect(errors[1]?.message).toContain("batches are not supported");
    expect(errors[3]?.message).toContain("Error response without an id: -32700");
    await raw.send({ jsonrpc: "2.0", id: request.id, result: { ok: 1 } });
    await expect(pending).resolves.toEqual({ ok: 1 });
  });

  it("fails only the request whose response is malformed", async () => {
    const { peer, raw } = await peerWithRawOtherEnd();
    const first = peer.request("x/a", {});
    const second = peer.request("x/b", {});
    await raw.next((m) => "method" in m && m.method === "x/b");
    const [a, b] = raw.received as { id: number }[];
    const third = peer.request("x/c", {});
    const c = (await raw.next((m) => "method" in m && m.method === "x/c")) as { id: number };
    await raw.send({ jsonrpc: "2.0", id: a?.id, result: "not an object" });
    await raw.send({ jsonrpc: "1.0", id: c.id, result: {} });
    await raw.send({ jsonrpc: "2.0", id: b?.id, result: { fine: true } });
    const error = await first.catch((e: unknown) => e);
    expect(error).toMatchObject({ code: LocalErrorCode.InvalidMessage });
    expect((error as Error).message).toContain('"result" must be an object');
    await expect(third).rejects.toThrow('Malformed response: Unsupported JSON-RPC version "1.0"');
    await expect(second).resolves.toEqual({ fine: true });
  });

  it("answers a malformed request that has an id with -32600", async () => {
    const { raw, errors } = await peerWithRawOtherEnd();
    await raw.send({ jsonrpc: "2.0", id: 7, method: "x/y", params: [1, 2] });
    const response = await raw.next((m) => "error" in m);
    expect(response).toMatchObject({ id: 7, error: { code: ErrorCode.InvalidRequest } });
    expect(errors).toHaveLength(1);
  });

  it("rejects with the wire error of an error response", async () => {
    const { peer, raw } = await peerWithRawOtherEnd();
    const pending = peer.request("x/a", {});
    const request = (await raw.next()) as { id: number };
    await raw.send({
      jsonrpc: "2.0",
      id: request.id,
      error: { code: -32042, message: "go", data: { x: 1 } },
    });
    await expect(pending).rejects.toMatchObject({ code: -32042, message: "go", data: { x: 1 } });
  });

  it("reports progress for an unknown token and malformed progress", async () => {
    const { raw, errors } = await peerWithRawOtherEnd();
    await raw.send({
      jsonrpc: "2.0",
      method: "notifications/progress",
      params: { progressToken: 77, progress: 1 },
    });
    await raw.send({ jsonrpc: "2.0", method: "notifications/progress", params: { progressToken: 77 } });
    await sleep(5);
    expect(errors.map((e) => e.message)).toEqual([
      "Progress for an unknown token 77",
      "Malformed notifications/progress",
    ]);
  });
});

describe("JsonRpcPeer timeouts and progress", () => {
  it("times out, sends notifications/cancelled and aborts the handler", async () => {
    const { client, server } = await connectedPair();
    let handlerSignal: AbortSignal | undefined;
    const cancelled: unknown[] = [];
    server.setNotificationHandler("notifications/cancelled", (params) => {
      cancelled.push(params);
    });
    server.setRequestHandler("x/hang", (_params, ctx) => {
      handlerSignal = ctx.signal;
      return new Promise(() => {});
    });
    const started = Date.now();
    const error = await client.request("x/hang", {}, { timeoutMs: 50 }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(error).toMatchObject({ code: LocalErrorCode.RequestTimeout, data: { timeoutMs: 50 } });
    expect((error as Error).message).toBe("x/hang timed out after 50 ms");
    await sleep(5);
    expect(cancelled).toEqual([{ requestId: 0, reason: "x/hang timed out after 50 ms" }]);
    expect(handlerSignal?.aborted).toBe(true);
  });

  it("uses the peer's default timeout", async () => {
    const { client, server } = await connectedPair({ defaultTimeoutMs: 30 });
    server.setRequestHandler("x/hang", () => new Promise(() => {}));
    await expect(client.request("x/hang", {})).rejects.toMatchObject({ data: { timeoutMs: 30 } });
  });

  it("delivers progress to onProgress with a progressToken added to _meta", async () => {
    const { client, server } = await connectedPair();
    const metas: unknown[] = [];
    server.setRequestHandler("x/work", async (params, ctx) => {
      metas.push(ctx.meta, params._meta);
      await ctx.reportProgress(1, 3);
      await ctx.reportProgress(2, 3, "halfway");
      await ctx.reportProgress(3);
      return { done: true };
    });
    const seen: unknown[] = [];
    const result = await client.request(
      "x/work",
      { _meta: { trace: "t1" } },
      { onProgress: (p) => seen.push(p) },
    );
    expect(result).toEqual({ done: true });
    expect(seen).toEqual([
      { progress: 1, total: 3 },
      { progress: 2, total: 3, message: "halfway" },
      { progress: 3 },
    ]);
    expect(metas[0]).toEqual({ trace: "t1", progressToken: 0 });
  });

  it("makes reportProgress a no-op without a progressToken", async () => {
    const { peer, raw } = await peerWithRawOtherEnd();
    peer.setRequestHandler("x/work", async (_params, ctx) => {
      await ctx.reportProgress(1, 2);
      return {};
    });
    await raw.send({ jsonrpc: "2.0", id: 1, method: "x/work", params: {} });
    await raw.next((m) => "result" in m);
    expect(raw.received.filter((m) => "method" in m)).toEqual([]);
  });

  it("survives an onProgress callback that throws", async () => {
    const { client, server } = await connectedPair();
    server.setRequestHandler("x/work", async (_p, ctx) => {
      await ctx.reportProgress(1);
      return { ok: true };
    });
    const result = await client.request(
      "x/work",
      {},
      {
        onProgress: () => {
          throw new Error("caller bug");
        },
      },
    );
    expect(result).toEqual({ ok: true });
  });

  it("resets the timeout on progress only when asked to", async () => {
    const { client, server } = await connectedPair();
    server.setRequestHandler("x/steady", async (_params, ctx) => {
      for (let i = 0; i < 6; i++) {
        await sleep(25);
        await ctx.reportProgress(i + 1, 6);
      }
      return { finished: true };
    });
    // 6 x 25 ms = 150 ms of work, never more than 25 ms without progress.
    await expect(
      client.request("x/steady", {}, { timeoutMs: 80, resetTimeoutOnProgress: true, onProgress: () => {} }),
    ).resolves.toEqual({ finished: true });
    await expect(
      client.request("x/steady", {}, { timeoutMs: 80, onProgress: () => {} }),
    ).rejects.toMatchObject({
      code: LocalErrorCode.RequestTimeout,
    });
  });

  it("enforces the maximum total time even while progress keeps coming", async () => {
    const { client, server } = await connectedPair();
    server.setRequestHandler("x/endless", async (_params, ctx) => {
      while (!ctx.signal.aborted) {
        await sleep(10);
        await ctx.reportProgress(1).catch(() => {});
      }
      return {};
    });
    const started = Date.now();
    const error = await client
      .request(
        "x/endless",
        {},
        { timeoutMs: 60, resetTimeoutOnProgress: true, maxTotalTimeoutMs: 150, onProgress: () => {} },
      )
      .catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    expect(error).toMatchObject({ code: LocalErrorCode.RequestTimeout, data: { maxTotalTimeoutMs: 150 } });
    expect((error as Error).message).toBe("x/endless exceeded its maximum total time of 150 ms");
    expect(elapsed).toBeGreaterThanOrEqual(145);
    expect(elapsed).toBeLessThan(1000);
  });
});

describe("JsonRpcPeer cancellation", () => {
  it("sends notifications/cancelled and rejects when the signal aborts", async () => {
    const { client, server } = await connectedPair();
    let handlerSignal: AbortSignal | undefined;
    let abortedWith: unknown;
    server.setRequestHandler("x/hang", (_params, ctx) => {
      handlerSignal = ctx.signal;
      ctx.signal.addEventListener("abort", () => {
        abortedWith = ctx.signal.reason;
      });
      return new Promise(() => {});
    });
    const controller = new AbortController();
    const pending = client.request("x/hang", {}, { signal: controller.signal });
    await sleep(5);
    controller.abort("user pressed stop");
    const error = await pending.catch((e: unknown) => e);
    expect(error).toMatchObject({ code: LocalErrorCode.RequestAborted, cause: "user pressed stop" });
    await sleep(5);
    expect(handlerSignal?.aborted).toBe(true);
    expect((abortedWith as Error).message).toBe("user pressed stop");
  });

  it("rejects at once, sending nothing, when the signal is already aborted", async () => {
    const { peer, raw } = await peerWithRawOtherEnd();
    await expect(peer.request("x/a", {}, { signal: AbortSignal.abort("no") })).rejects.toMatchObject({
      code: LocalErrorCode.RequestAborted,
    });
    await sleep(5);
    expect(raw.received).toEqual([]);
  });

  it("never cancels initialize on the wire", async () => {
    const { peer, raw } = await peerWithRawOtherEnd();
    const controller = new AbortController();
    const pending = peer.request("initialize", {}, { signal: controller.signal }).catch((e: unknown) => e);
    await raw.next();
    controller.abort();
    expect(await pending).toMatchObject({ code: LocalErrorCode.RequestAborted });
    await sleep(5);
    expect(raw.received.map((m) => ("method" in m ? m.method : "response"))).toEqual(["initialize"]);
  });

  it("aborts the handler on an incoming cancellation and sends no response", async () => {
    const { peer, raw } = await peerWithRawOtherEnd();
    let reason: unknown;
    let finished = false;
    peer.setRequestHandler("x/hang", async (_params, ctx) => {
      await new Promise<void>((resolve) => ctx.signal.addEventListener("abort", () => resolve()));
      reason = ctx.signal.reason;
      finished = true;
      return { tooLate: true };
    });
    peer.setRequestHandler("x/fail-late", async (_params, ctx) => {
      await new Promise<void>((resolve) => ctx.signal.addEventListener("abort", () => resolve()));
      throw new Error("aborted");
    });
    await raw.send({ jsonrpc: "2.0", id: "r1", method: "x/hang", params: {} });
    await raw.send({ jsonrpc: "2.0", id: "r2", method: "x/fail-late", params: {} });
    await sleep(5);
    await raw.send({
      jsonrpc: "2.0",
      method: "notifications/cancelled",
      params: { requestId: "r1", reason: "bye" },
    });
    await raw.send({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: "r2" } });
    await sleep(20);
    expect(finished).toBe(true);
    expect((reason as Error).message).toBe("bye");
    expect(raw.received).toEqual([]);
    // The peer is still healthy: a new request with a reused id is answered.
    await raw.send({ jsonrpc: "2.0", id: "r1", method: "ping" });
    await expect(raw.next()).resolves.toEqual({ jsonrpc: "2.0", id: "r1", result: {} });
  });
});

describe("JsonRpcPeer close", () => {
  it("fails every in-flight request at once with a connection-closed error", async () => {
    const { client, server } = await connectedPair();
    server.setRequestHandler("x/hang", () => new Promise(() => {}));
    let closes = 0;
    client.onclose = () => {
      closes++;
    };
    const pending = [1, 2, 3].map((n) => client.request("x/hang", { n }).catch((e: unknown) => e));
    await sleep(5);
    const started = Date.now();
    await client.close();
    const errors = await Promise.all(pending);
    expect(Date.now() - started).toBeLessThan(50);
    for (const error of errors) {
      expect(error).toMatchObject({ code: LocalErrorCode.ConnectionClosed });
      expect((error as Error).message).toBe("Connection closed before x/hang got a response");
    }
    await client.close();
    expect(closes).toBe(1);
  });

  it("fails in-flight requests and aborts handlers when the other side closes", async () => {
    const { client, server } = await connectedPair();
    let handlerSignal: AbortSignal | undefined;
    client.setRequestHandler("x/hang", (_p, ctx) => {
      handlerSignal = ctx.signal;
      return new Promise(() => {});
    });
    server.setRequestHandler("x/hang", () => new Promise(() => {}));
    const pending = client.request("x/hang", {}).catch((e: unknown) => e);
    server.request("x/hang", {}).catch(() => {});
    await sleep(5);
    await server.close();
    expect(await pending).toMatchObject({ code: LocalErrorCode.ConnectionClosed });
    expect(handlerSignal?.aborted).toBe(true);
  });

  it("closes when the transport never calls onclose", async () => {
    const peer = new JsonRpcPeer();
    await peer.connect({ start: async () => {}, close: async () => {}, send: () => new Promise(() => {}) });
    const pending = peer.request("ping").catch((e: unknown) => e);
    await peer.close();
    expect(await pending).toMatchObject({ code: LocalErrorCode.ConnectionClosed });
  });
});

describe("JsonRpcPeer handler context and notifications", () => {
  it("relates notifications and requests sent from a handler to the incoming request", async () => {
    const [a, b] = createLinkedTransportPair();
    const rec = recording(b);
    const client = new JsonRpcPeer();
    const server = new JsonRpcPeer();
    peers.push(client, server);
    await server.connect(rec.transport);
    await client.connect(a);
    const logs: unknown[] = [];
    client.setNotificationHandler("notifications/message", (params) => {
      logs.push(params);
    });
    client.setRequestHandler("roots/list", async () => ({ roots: [{ uri: "file:///tmp" }] }));
    server.setRequestHandler("x/tool", async (_params, ctx) => {
      await ctx.sendNotification("notifications/message", { level: "info", data: "working" });
      const roots = await ctx.sendRequest("roots/list", {});
      return { roots };
    });
    const result = await client.request("x/tool", {});
    expect(result).toEqual({ roots: { roots: [{ uri: "file:///tmp" }] } });
    expect(logs).toEqual([{ level: "info", data: "working" }]);
    const related = rec.sent.map((s) => [
      ("method" in s.message && s.message.method) || "response",
      s.options,
    ]);
    expect(related).toEqual([
      ["notifications/message", { relatedRequestId: 0 }],
      ["roots/list", { relatedRequestId: 0 }],
      ["response", { relatedRequestId: 0 }],
    ]);
  });

  it("passes transport extra to handlers", async () => {
    const [a, b] = createLinkedTransportPair({ sessionId: "s-1", authInfo: { user: "ann" } });
    const client = new JsonRpcPeer();
    const server = new JsonRpcPeer();
    peers.push(client, server);
    let seen: unknown;
    let seenNotification: unknown;
    server.setRequestHandler("x/who", async (_p, ctx) => {
      seen = ctx.extra;
      return {};
    });
    server.setNotificationHandler("x/note", (_p, extra) => {
      seenNotification = extra;
    });
    await server.connect(b);
    await client.connect(a);
    await client.notify("x/note");
    await client.request("x/who", {});
    expect(seen).toEqual({ sessionId: "s-1", authInfo: { user: "ann" } });
    expect(seenNotification).toEqual(seen);
  });

  it("reports notification handlers that throw or reject, and keeps going", async () => {
    const { client, server, serverErrors } = await connectedPair();
    server.setNotificationHandler("x/sync", () => {
      throw new Error("sync bug");
    });
    server.setNotificationHandler("x/async", async () => {
      throw new Error("async bug");
    });
    await client.notify("x/sync", {});
    await client.notify("x/async", {});
    await sleep(5);
    expect(serverErrors.map((e) => e.message).sort()).toEqual(["async bug", "sync bug"]);
    await expect(client.request("ping")).resolves.toEqual({});
  });

  it("removes handlers", async () => {
    const { client, server } = await connectedPair();
    const notes: unknown[] = [];
    server.setRequestHandler("x/a", async () => ({}));
    server.setNotificationHandler("x/n", (p) => {
      notes.push(p);
    });
    expect(server.hasRequestHandler("x/a")).toBe(true);
    server.removeRequestHandler("x/a");
    server.removeNotificationHandler("x/n");
    expect(server.hasRequestHandler("x/a")).toBe(false);
    await expect(client.request("x/a", {})).rejects.toMatchObject({ code: ErrorCode.MethodNotFound });
    await client.notify("x/n", {});
    await sleep(5);
    expect(notes).toEqual([]);
  });

  it("reports a duplicate in-flight request id", async () => {
    const { peer, raw, errors } = await peerWithRawOtherEnd();
    peer.setRequestHandler("x/hang", () => new Promise(() => {}));
    await raw.send({ jsonrpc: "2.0", id: 1, method: "x/hang" });
    await raw.send({ jsonrpc: "2.0", id: 1, method: "x/hang" });
    await sleep(5);
    expect(errors.map((e) => e.message)).toEqual(["Duplicate request id 1"]);
  });

  it("handles many concurrent requests both ways", async () => {
    const { client, server } = await connectedPair();
    server.setRequestHandler("x/double", async (p) => ({ v: Number(p.v) * 2 }));
    client.setRequestHandler("x/triple", async (p) => ({ v: Number(p.v) * 3 }));
    const n = 500;
    const [doubles, triples] = await Promise.all([
      Promise.all(Array.from({ length: n }, (_, i) => client.request("x/double", { v: i }))),
      Promise.all(Array.from({ length: n }, (_, i) => server.request("x/triple", { v: i }))),
    ]);
    expect(doubles.map((r) => r.v)).toEqual(Array.from({ length: n }, (_, i) => i * 2));
    expect(triples.map((r) => r.v)).toEqual(Array.from({ length: n }, (_, i) => i * 3));
  });
});

describe("JsonRpcPeer validation with the method map", () => {
  it("answers -32602 before the handler runs when params of an MCP method are invalid", async () => {
    const { client, server } = await connectedPair();
    let called = false;
    server.setRequestHandler("tools/call", async () => {
      called = true;
      return { content: [] };
    });
    const error = await client.request("tools/call", { arguments: {} } as never).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.InvalidParams });
    expect((error as Error).message).toContain("Invalid params for tools/call");
    expect(called).toBe(false);
  });

  it("hands typed, validated params to the handler and keeps unknown fields", async () => {
    const { client, server } = await connectedPair();
    server.setRequestHandler("tools/call", async (params) => ({
      content: [{ type: "text", text: `${params.name}:${JSON.stringify(params.arguments)}` }],
      extraField: params.extra,
    }));
    const result = await client.request("tools/call", {
      name: "add",
      arguments: { a: 1 },
      extra: 5,
    } as never);
    expect(result).toEqual({ content: [{ type: "text", text: 'add:{"a":1}' }], extraField: 5 });
  });

  it("rejects an MCP result that does not match the method's result schema", async () => {
    const { client, server } = await connectedPair();
    server.setRequestHandler("tools/list", async () => ({ tools: [{ name: 42 }] }) as never);
    const error = await client.request("tools/list", {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: LocalErrorCode.InvalidMessage });
    expect((error as Error).message).toContain("Invalid result for tools/list");
  });

  it("checks a task-augmented result as a CreateTaskResult", async () => {
    const { client, server } = await connectedPair();
    const task = {
      taskId: "t1",
      status: "working",
      createdAt: "2026-01-01T00:00:00Z",
      lastUpdatedAt: "2026-01-01T00:00:00Z",
      ttl: null,
    };
    server.setRequestHandler("tools/call", async (params) =>
      (params as { task?: unknown }).task ? ({ task } as never) : { content: [] },
    );
    await expect(client.request("tools/call", { name: "x", task: {} } as never)).resolves.toEqual({ task });
    await expect(client.request("tools/call", { name: "x" })).resolves.toEqual({ content: [] });
  });

  it("reports an MCP notification with invalid params and skips its handler", async () => {
    const { client, server, serverErrors } = await connectedPair();
    const seen: unknown[] = [];
    server.setNotificationHandler("notifications/message", (params) => {
      seen.push(params.level);
    });
    await client.notify("notifications/message", { level: "loud", data: 1 });
    await client.notify("notifications/message", { level: "info", data: 1 });
    await sleep(5);
    expect(seen).toEqual(["info"]);
    expect(serverErrors).toHaveLength(1);
    expect(serverErrors[0]?.message).toContain("Invalid params for notifications/message");
  });
});
