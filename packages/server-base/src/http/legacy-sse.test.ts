import { afterEach, describe, expect, it } from "vitest";
import { createLegacySseHandler, type LegacySseHandler } from "./legacy-sse.js";
import { createFakeServer } from "./test-support/fake-server.js";

let handler: LegacySseHandler | undefined;
afterEach(async () => {
  await handler?.close();
  handler = undefined;
});

const base = "http://localhost:3000";
const open = (h: LegacySseHandler, headers: Record<string, string> = {}) =>
  h.handleSse(
    new Request(`${base}/sse`, { headers: { host: "localhost", accept: "text/event-stream", ...headers } }),
  );
const postTo = (h: LegacySseHandler, path: string, body: unknown, headers: Record<string, string> = {}) =>
  h.handleMessage(
    new Request(`${base}${path}`, {
      method: "POST",
      headers: { host: "localhost", "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );

async function readUntil(reader: ReadableStreamDefaultReader<string>, needle: string, sofar = "") {
  let text = sofar;
  while (!text.includes(needle)) {
    const { done, value } = await reader.read();
    if (done) break;
    text += value;
  }
  return text;
}

describe("legacy HTTP+SSE transport", () => {
  it("announces the POST endpoint, takes messages with 202 and answers on the stream", async () => {
    const server = createFakeServer();
    handler = createLegacySseHandler({ server, keepAliveMs: 0 });
    const response = await open(handler);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const reader = (response.body as ReadableStream<Uint8Array>)
      .pipeThrough(new TextDecoderStream())
      .getReader();
    const first = await readUntil(reader, "\n\n");
    const endpoint = /event: endpoint\ndata: (\S+)/.exec(first)?.[1] ?? "";
    expect(endpoint).toMatch(/^\/messages\?sessionId=[0-9a-f-]{36}$/);
    const init = {
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2024-11-05", capabilities: {}, clientInfo: { name: "c", version: "1" } },
    };
    const accepted = await postTo(handler, endpoint, init);
    expect(accepted.status).toBe(202);
    const text = await readUntil(reader, '"id":1', first);
    expect(text).toContain("event: message");
    expect(text).toContain('"protocolVersion":"2024-11-05"');
    expect(server.received[0]?.extra?.sessionId).toBe(endpoint.split("=")[1]);
    expect(handler.sessionIds).toHaveLength(1);
    await reader.cancel();
    expect(handler.sessionIds).toHaveLength(0);
    expect((await postTo(handler, endpoint, init)).status).toBe(404);
  });

  it("applies the HTTP rules: Host, method, Accept, sessionId, media type, JSON, size", async () => {
    handler = createLegacySseHandler({ server: createFakeServer(), maxBodyBytes: 50, keepAliveMs: 0 });
    expect((await open(handler, { host: "evil.example.com" })).status).toBe(403);
    expect((await open(handler, { accept: "application/json" })).status).toBe(406);
    expect(
      (
        await handler.handleSse(
          new Request(`${base}/sse`, { method: "POST", headers: { host: "localhost" } }),
        )
      ).status,
    ).toBe(405);
    const response = await open(handler);
    const reader = (response.body as ReadableStream<Uint8Array>)
      .pipeThrough(new TextDecoderStream())
      .getReader();
    const endpoint = /data: (\S+)/.exec(await readUntil(reader, "\n\n"))?.[1] ?? "";
    const ping = { jsonrpc: "2.0", id: 1, method: "ping" };
    expect((await postTo(handler, "/messages", ping)).status).toBe(400);
    expect((await postTo(handler, "/messages?sessionId=nope", ping)).status).toBe(404);
    expect((await postTo(handler, endpoint, ping, { "content-type": "text/plain" })).status).toBe(415);
    expect((await postTo(handler, endpoint, "{oops")).status).toBe(400);
    expect((await postTo(handler, endpoint, { nope: 1 })).status).toBe(400);
    expect((await postTo(handler, endpoint, { ...ping, pad: "x".repeat(100) })).status).toBe(413);
    expect((await postTo(handler, endpoint, ping, { host: "evil.example.com" })).status).toBe(403);
    const get = await handler.handleMessage(
      new Request(`${base}${endpoint}`, { headers: { host: "localhost" } }),
    );
    expect(get.status).toBe(405);
    await reader.cancel();
  });

  it("close() ends every stream", async () => {
    handler = createLegacySseHandler({ server: () => createFakeServer(), keepAliveMs: 0 });
    const response = await open(handler);
    await handler.close();
    const text = await response.text();
    expect(text).toContain("event: endpoint");
    expect(handler.sessionIds).toHaveLength(0);
  });
});
