import { describe, expect, it } from "vitest";
import { createMcpHttpApp } from "./mcp-http-app.js";
import { createFakeServer } from "./test-support/fake-server.js";

const init = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "c", version: "1" } },
};
const headers = {
  host: "localhost",
  "content-type": "application/json",
  accept: "application/json, text/event-stream",
};

describe("createMcpHttpApp", () => {
  it("serves Streamable HTTP at the path and passes authenticate()'s result to handlers", async () => {
    const server = createFakeServer();
    const mcp = createMcpHttpApp({
      server,
      path: "/api/mcp",
      authenticate: (request) => request.headers.get("authorization") ?? undefined,
      keepAliveMs: 0,
    });
    const response = await mcp.app.request("/api/mcp", {
      method: "POST",
      headers: { ...headers, authorization: "Bearer t" },
      body: JSON.stringify(init),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: 1, result: { serverInfo: { name: "fake" } } });
    expect(server.received[0]?.extra?.authInfo).toBe("Bearer t");
    expect((await mcp.app.request("/mcp", { method: "POST", headers, body: "{}" })).status).toBe(404);
    await mcp.close();
  });

  it("mounts the legacy transport by default and can leave it out", async () => {
    const mcp = createMcpHttpApp({ server: createFakeServer(), keepAliveMs: 0 });
    expect(mcp.legacy).toBeDefined();
    const sse = await mcp.app.request("/sse", {
      headers: { host: "localhost", accept: "text/event-stream" },
    });
    expect(sse.status).toBe(200);
    const reader = (sse.body as ReadableStream<Uint8Array>).pipeThrough(new TextDecoderStream()).getReader();
    const { value } = await reader.read();
    expect(value).toContain("event: endpoint\ndata: /messages?sessionId=");
    const sessionId = /sessionId=(\S+)/.exec(value ?? "")?.[1];
    const post = await mcp.app.request(`/messages?sessionId=${sessionId}`, {
      method: "POST",
      headers,
      body: JSON.stringify(init),
    });
    expect(post.status).toBe(202);
    await reader.cancel();
    await mcp.close();

    const bare = createMcpHttpApp({ server: createFakeServer(), legacySse: false });
    expect(bare.legacy).toBeUndefined();
    expect((await bare.app.request("/sse", { headers: { host: "localhost" } })).status).toBe(404);
    await bare.close();
  });

  it("answers CORS for allowed origins when asked, and not for others", async () => {
    const mcp = createMcpHttpApp({ server: createFakeServer(), cors: true, keepAliveMs: 0 });
    const preflight = await mcp.app.request("/mcp", {
      method: "OPTIONS",
      headers: {
        host: "localhost",
        origin: "http://localhost:5173",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type, mcp-session-id",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(preflight.headers.get("access-control-allow-headers")).toContain("mcp-session-id");
    const response = await mcp.app.request("/mcp", {
      method: "POST",
      headers: { ...headers, origin: "http://localhost:5173" },
      body: JSON.stringify(init),
    });
    expect(response.headers.get("access-control-expose-headers")).toContain("mcp-session-id");
    const evil = await mcp.app.request("/mcp", {
      method: "OPTIONS",
      headers: {
        host: "localhost",
        origin: "http://evil.example.com",
        "access-control-request-method": "POST",
      },
    });
    expect(evil.headers.get("access-control-allow-origin")).toBeNull();
    await mcp.close();
  });
});
