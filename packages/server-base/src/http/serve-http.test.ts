import { afterEach, describe, expect, it } from "vitest";
import { type RunningHttpServer, serveHttp } from "./serve-http.js";
import { createFakeServer } from "./test-support/fake-server.js";

let running: RunningHttpServer | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

const init = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "c", version: "1" } },
};
const post = (url: URL, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      ...headers,
    },
    body: JSON.stringify(body),
  });

describe("serveHttp", () => {
  it("listens on 127.0.0.1 with an ephemeral port and serves /mcp", async () => {
    running = await serveHttp(createFakeServer(), { port: 0, keepAliveMs: 0 });
    expect(running.host).toBe("127.0.0.1");
    expect(running.port).toBeGreaterThan(0);
    expect(running.url.href).toBe(`http://127.0.0.1:${running.port}/mcp`);
    const response = await post(running.url, init);
    expect(response.status).toBe(200);
    expect(response.headers.get("mcp-session-id")).toBeTruthy();
    expect(await response.json()).toMatchObject({ id: 1 });
  });

  it("rejects a rebinding Host over a real socket", async () => {
    running = await serveHttp(createFakeServer(), { port: 0 });
    const { request } = await import("node:http");
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: "127.0.0.1",
          port: running?.port,
          path: "/mcp",
          method: "POST",
          headers: {
            host: "evil.example.com",
            "content-type": "application/json",
            accept: "application/json",
          },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on("error", reject);
      req.end(JSON.stringify(init));
    });
    expect(status).toBe(403);
  });

  it("adds a non-loopback bind host to the allowed hosts", async () => {
    running = await serveHttp(createFakeServer(), {
      port: 0,
      host: "127.0.0.1",
      allowedHosts: ["127.0.0.1"],
    });
    expect((await post(running.url, init)).status).toBe(200);
  });

  it("closes gracefully with an open SSE stream, and close() is idempotent", async () => {
    running = await serveHttp(createFakeServer(), { port: 0, keepAliveMs: 0 });
    const init1 = await post(running.url, init);
    const sessionId = init1.headers.get("mcp-session-id") ?? "";
    await init1.text();
    const stream = await fetch(running.url, {
      headers: { accept: "text/event-stream", "mcp-session-id": sessionId },
    });
    expect(stream.status).toBe(200);
    const body = stream.text();
    const started = Date.now();
    const first = running.close();
    const second = running.close();
    expect(second).toBe(first);
    await first;
    expect(Date.now() - started).toBeLessThan(1500);
    expect(await body).toContain("data: ");
    await expect(fetch(running.url)).rejects.toThrow();
    running = undefined;
  });

  it("fails when the port is taken", async () => {
    running = await serveHttp(createFakeServer(), { port: 0 });
    await expect(serveHttp(createFakeServer(), { port: running.port })).rejects.toThrow(/EADDRINUSE/);
  });
});
