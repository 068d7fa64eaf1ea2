// The peer validates with the compiled validators and falls back to the zod schemas (imported on
// first need) for values those cannot accept: the outcome and errors are zod's, and messages that
// wait for the fallback keep their wire order with the ones behind them.
import { describe, expect, it, vi } from "vitest";
import { ErrorCode, isLocalError, LocalErrorCode } from "../errors.js";
import { createLinkedTransportPair } from "../transport.js";
import { JsonRpcPeer } from "./json-rpc-peer.js";

async function pair() {
  const [a, b] = createLinkedTransportPair();
  const server = new JsonRpcPeer();
  const client = new JsonRpcPeer({ defaultTimeoutMs: 5_000 });
  await server.connect(b);
  await client.connect(a);
  return { server, client };
}

describe("JsonRpcPeer validation", () => {
  // First in this file: the zod schemas are not loaded yet, so the first message really waits.
  it("keeps wire order when a message waits for the zod fallback", async () => {
    const { server, client } = await pair();
    const order: string[] = [];
    client.setNotificationHandler("notifications/message", (params) => {
      order.push(String(params.logger));
    });
    // `data: undefined` is a shape the compiled validator leaves to zod (which accepts it); the
    // in-memory transport keeps `undefined` members, so this one takes the fallback.
    await server.notify("notifications/message", { level: "info", logger: "first", data: undefined });
    await server.notify("notifications/message", { level: "info", logger: "second", data: 1 });
    await server.notify("notifications/message", { level: "info", logger: "third", data: 2 });
    await vi.waitFor(() => expect(order).toHaveLength(3), { timeout: 10_000 });
    expect(order).toEqual(["first", "second", "third"]);
    await client.close();
  });

  it("answers -32602 with zod's message for invalid params", async () => {
    const { server, client } = await pair();
    server.setRequestHandler("tools/call", () => ({ content: [] }));
    await expect(client.request("tools/call", { name: 42 } as never)).rejects.toMatchObject({
      code: ErrorCode.InvalidParams,
      message: expect.stringContaining("Invalid params for tools/call: name:"),
    });
    await client.close();
  });

  it("rejects an invalid result with INVALID_MESSAGE", async () => {
    const { server, client } = await pair();
    server.setRequestHandler("tools/call", () => ({ content: "not an array" }) as never);
    const error = await client.request("tools/call", { name: "x" }).catch((e: unknown) => e);
    expect(isLocalError(error) && error.code === LocalErrorCode.InvalidMessage).toBe(true);
    expect((error as Error).message).toMatch(/^Invalid result for tools\/call: content:/);
    await client.close();
  });

  it("accepts through zod what the compiled validators leave to it (URL elicitation)", async () => {
    const { server, client } = await pair();
    const seen: unknown[] = [];
    client.setRequestHandler("elicitation/create", (params) => {
      seen.push(params);
      return { action: "accept" };
    });
    const params = { mode: "url", message: "Sign in", url: "https://example.com/a", elicitationId: "e" };
    await expect(server.request("elicitation/create", params)).resolves.toEqual({ action: "accept" });
    expect(seen).toEqual([params]);
    await client.close();
  });
});
