import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { LATEST_PROTOCOL_VERSION } from "@mcp/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { Client } from "../client/client.js";
import { type SdkHttpServer, startSdkHttpServer } from "../test-support/sdk-http-server.js";
import { isHttpError } from "./http-error.js";
import { StreamableHttpClientTransport } from "./streamable-http.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

async function sdkServer(options: Parameters<typeof startSdkHttpServer>[0] = {}): Promise<SdkHttpServer> {
  const server = await startSdkHttpServer(options);
  cleanups.push(() => server.close());
  return server;
}

async function connect(
  url: string,
  options: ConstructorParameters<typeof StreamableHttpClientTransport>[1] = {},
) {
  const client = new Client({ name: "http-test", version: "1.0.0" });
  const errors: Error[] = [];
  client.onerror = (error) => errors.push(error);
  const transport = new StreamableHttpClientTransport(url, options);
  await client.connect(transport);
  cleanups.push(() => client.close());
  return { client, transport, errors };
}

/** A raw HTTP server whose handler the test writes, for behaviour the SDK server cannot be made to show. */
async function rawServer(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
}

describe.each([
  ["SSE responses", false],
  ["JSON responses", true],
])("StreamableHttpClientTransport against the SDK server (%s)", (_label, enableJsonResponse) => {
  it("initializes a session and calls tools with validated structured output", async () => {
    const server = await sdkServer({ enableJsonResponse });
    const { client, transport } = await connect(server.url);
    expect(client.serverInfo).toMatchObject({ name: "sdk-test-server", version: "9.9.9" });
    expect(client.protocolVersion).toBe(LATEST_PROTOCOL_VERSION);
    expect(transport.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    const tools = await client.listAllTools();
    expect(tools.map((t) => t.name).sort()).toEqual(["add", "chatty", "drop-stream", "fails"]);
    const result = await client.callTool({ name: "add", arguments: { a: 2, b: 40 } });
    expect(result.structuredContent).toEqual({ sum: 42 });
    expect((await client.callTool({ name: "fails" })).isError).toBe(true);
    const read = await client.readResource({ uri: "test://greeting" });
    expect(read.contents[0]).toMatchObject({ text: "hello" });
    // Every request after initialize carries the session id and the negotiated version.
    const later = server.requests.filter((r) => r.method === "POST").slice(1);
    expect(later.length).toBeGreaterThan(3);
    for (const request of later) {
      expect(request.headers["mcp-session-id"]).toBe(transport.sessionId);
      expect(request.headers["mcp-protocol-version"]).toBe(LATEST_PROTOCOL_VERSION);
      expect(request.headers.accept).toBe("application/json, text/event-stream");
    }
  });

  it("delivers notifications and progress sent during a request", async () => {
    const server = await sdkServer({ enableJsonResponse });
    const { client } = await connect(server.url);
    await client.setLoggingLevel("debug");
    const logs: unknown[] = [];
    client.on("loggingMessage", (m) => logs.push(m.data));
    const progress: number[] = [];
    await client.callTool(
      { name: "chatty", arguments: { steps: 3 } },
      { onProgress: (p) => progress.push(p.progress) },
    );
    await sleep(20);
    if (enableJsonResponse) {
      // The SDK drops notifications related to a request it answers with JSON: only the result comes.
      expect({ logs, progress }).toEqual({ logs: [], progress: [] });
    } else {
      expect(logs).toEqual(["step 1", "step 2", "step 3"]);
      expect(progress).toEqual([1, 2, 3]);
    }
  });
});

describe("StreamableHttpClientTransport sessions", () => {
  it("opens the GET stream and receives what the server sends on its own", async () => {
    const server = await sdkServer();
    const { client, transport } = await connect(server.url);
    await sleep(50);
    expect(server.requests.some((r) => r.method === "GET" && r.headers.accept === "text/event-stream")).toBe(
      true,
    );
    const changed = new Promise<void>((resolve) => client.on("toolsListChanged", () => resolve()));
    server.sessions.get(transport.sessionId!)?.server.sendToolListChanged();
    await changed;
  });

  it("sends DELETE on close and the server ends the session", async () => {
    const server = await sdkServer();
    const { client, transport } = await connect(server.url);
    const id = transport.sessionId!;
    await client.close();
    expect(server.requests.at(-1)).toMatchObject({ method: "DELETE", headers: { "mcp-session-id": id } });
    expect(server.closedSessions).toEqual([id]);
    expect(server.sessions.has(id)).toBe(false);
  });

  it("starts a new session when the server answers 404 for ours", async () => {
    const server = await sdkServer();
    const renewed: (string | undefined)[] = [];
    const { client, transport } = await connect(server.url, {
      onSessionReinitialized: (id) => renewed.push(id),
    });
    const first = transport.sessionId!;
    await client.listTools();
    server.sessions.delete(first); // the server forgot us (restart, expiry)
    const result = await client.callTool({ name: "add", arguments: { a: 1, b: 1 } });
    expect(result.structuredContent).toEqual({ sum: 2 });
    expect(transport.sessionId).toBeDefined();
    expect(transport.sessionId).not.toBe(first);
    expect(renewed).toEqual([transport.sessionId]);
    const inits = server.requests.filter(
      (r) => (r.body as { method?: string } | undefined)?.method === "initialize",
    );
    expect(inits).toHaveLength(2);
  });

  it("works with a stateless server (no session, no GET stream)", async () => {
    const server = await sdkServer({ stateless: true });
    const { client, transport, errors } = await connect(server.url);
    expect(transport.sessionId).toBeUndefined();
    expect((await client.callTool({ name: "add", arguments: { a: 1, b: 2 } })).structuredContent).toEqual({
      sum: 3,
    });
    await sleep(20);
    expect(errors).toEqual([]);
  });

  it("resumes a dropped stream with Last-Event-ID after the server's retry", async () => {
    const server = await sdkServer({ retryInterval: 200 });
    const { client } = await connect(server.url);
    const started = Date.now();
    const result = await client.callTool({ name: "drop-stream", arguments: { delayMs: 50 } });
    const elapsed = Date.now() - started;
    expect(result.content).toEqual([{ type: "text", text: "after the break" }]);
    expect(elapsed).toBeGreaterThanOrEqual(190);
    const resumed = server.requests.filter(
      (r) => r.method === "GET" && r.headers["last-event-id"] !== undefined,
    );
    expect(resumed.length).toBeGreaterThanOrEqual(1);
  });
});

describe("StreamableHttpClientTransport with a scripted server", () => {
  it("honours retry exactly and sends Last-Event-ID (as the conformance sse-retry scenario)", async () => {
    let closedAt = 0;
    let getAt = 0;
    let lastEventId: string | undefined;
    let pending: unknown;
    const url = await rawServer(async (req, res) => {
      if (req.method === "GET") {
        lastEventId = req.headers["last-event-id"] as string | undefined;
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.write("id: g1\nretry: 300\ndata: \n\n");
        if (lastEventId !== undefined && pending !== undefined) {
          getAt = performance.now();
          res.write(
            `event: message\nid: g2\ndata: ${JSON.stringify({ jsonrpc: "2.0", id: pending, result: { content: [] } })}\n\n`,
          );
        }
        return;
      }
      if (req.method !== "POST") {
        res.writeHead(405).end();
        return;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const message = JSON.parse(Buffer.concat(chunks).toString());
      if (message.method === "initialize") {
        res.writeHead(200, { "content-type": "application/json", "mcp-session-id": "s1" });
        res.end(
          JSON.stringify({
            jsonrpc: "2.0",
            id: message.id,
            result: {
              protocolVersion: "2025-03-26",
              capabilities: { tools: {} },
              serverInfo: { name: "raw", version: "1" },
            },
          }),
        );
      } else if (message.method === "tools/call") {
        pending = message.id;
        res.writeHead(200, { "content-type": "text/event-stream", "mcp-session-id": "s1" });
        res.write("id: e1\nretry: 300\ndata: \n\n");
        setTimeout(() => {
          closedAt = performance.now();
          res.end();
        }, 30);
      } else {
        res.writeHead(202).end();
      }
    });
    const { client } = await connect(url);
    await client.callTool({ name: "x" });
    expect(lastEventId).toBe("e1");
    expect(getAt - closedAt).toBeGreaterThanOrEqual(290);
    expect(getAt - closedAt).toBeLessThan(600);
  });

  it("rejects with the HTTP status when the server fails a POST, and with its JSON-RPC error when it gives one", async () => {
    const url = await rawServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const text = Buffer.concat(chunks).toString();
      const message = text ? JSON.parse(text) : {};
      if (message.method === "initialize") {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            jsonrpc: "2.0",
            id: message.id,
            result: {
              protocolVersion: LATEST_PROTOCOL_VERSION,
              capabilities: { tools: {} },
              serverInfo: { name: "r", version: "1" },
            },
          }),
        );
      } else if (message.method === "tools/list") {
        res.writeHead(500).end("boom");
      } else if (message.method === "tools/call") {
        res.writeHead(400, { "content-type": "application/json" });
        res.end(
          JSON.stringify({ jsonrpc: "2.0", id: message.id, error: { code: -32602, message: "bad args" } }),
        );
      } else if (message.method === "ping") {
        res.writeHead(200, { "content-type": "text/plain" }).end("what");
      } else {
        res.writeHead(req.method === "GET" ? 405 : 202).end();
      }
    });
    const { client } = await connect(url);
    const error = await client.listTools().catch((e: unknown) => e);
    expect(isHttpError(error) && error.status).toBe(500);
    expect((error as Error).message).toContain("boom");
    await expect(client.callTool({ name: "x" })).rejects.toMatchObject({ code: -32602, message: "bad args" });
    await expect(client.ping()).rejects.toThrow('unexpected content type "text/plain"');
  });

  it("reports a POST stream that ends without a response and cannot be resumed", async () => {
    const url = await rawServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const text = Buffer.concat(chunks).toString();
      const message = text ? JSON.parse(text) : {};
      if (message.method === "initialize") {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            jsonrpc: "2.0",
            id: message.id,
            result: {
              protocolVersion: LATEST_PROTOCOL_VERSION,
              capabilities: {},
              serverInfo: { name: "r", version: "1" },
            },
          }),
        );
      } else if (message.method === "ping") {
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.end("data: not json\n\n");
      } else {
        res.writeHead(req.method === "GET" ? 405 : 202).end();
      }
    });
    const { client, errors } = await connect(url);
    await expect(client.ping({ timeoutMs: 200 })).rejects.toMatchObject({ code: "REQUEST_TIMEOUT" });
    expect(errors.map((e) => e.message)).toEqual([
      "The server sent invalid JSON",
      "The event stream of request 1 ended before its response and cannot be resumed",
    ]);
  });

  it("fails to send after close and reports network errors as HttpError 0", async () => {
    const transport = new StreamableHttpClientTransport("http://127.0.0.1:9/mcp");
    await transport.start();
    await expect(transport.start()).rejects.toMatchObject({ code: "ALREADY_STARTED" });
    const error = await transport.send({ jsonrpc: "2.0", id: 1, method: "ping" }).catch((e: unknown) => e);
    expect(isHttpError(error) && error.status).toBe(0);
    await transport.close();
    await expect(transport.send({ jsonrpc: "2.0", id: 2, method: "ping" })).rejects.toMatchObject({
      code: "CONNECTION_CLOSED",
    });
  });
});
