import { afterEach, describe, expect, it } from "vitest";
import { Client } from "../client/client.js";
import { type SdkHttpServer, startSdkHttpServer } from "../test-support/sdk-http-server.js";
import { connectHttp } from "./connect-http.js";
import { isHttpError } from "./http-error.js";
import { SseClientTransport } from "./sse.js";
import { StreamableHttpClientTransport } from "./streamable-http.js";

const servers: SdkHttpServer[] = [];
const clients: Client[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function server(options: Parameters<typeof startSdkHttpServer>[0]) {
  const s = await startSdkHttpServer(options);
  servers.push(s);
  return s;
}

function client() {
  const c = new Client({ name: "sse-test", version: "1" });
  clients.push(c);
  return c;
}

describe("SseClientTransport (HTTP+SSE, 2024-11-05)", () => {
  it("talks to the SDK's SSEServerTransport", async () => {
    const s = await server({ legacyOnly: true });
    const c = client();
    const transport = new SseClientTransport(s.url);
    await c.connect(transport);
    expect(transport.endpointUrl?.pathname).toBe("/messages");
    expect(c.serverInfo?.name).toBe("sdk-test-server");
    await c.listTools();
    expect((await c.callTool({ name: "add", arguments: { a: 1, b: 2 } })).structuredContent).toEqual({
      sum: 3,
    });
  });

  it("fails start when the URL is not an event stream", async () => {
    const s = await server({ legacyOnly: true });
    const transport = new SseClientTransport(s.url.replace("/sse", "/nothing"));
    const error = await transport.start().catch((e: unknown) => e);
    expect(isHttpError(error) && error.status).toBe(404);
    await expect(transport.send({ jsonrpc: "2.0", method: "x" })).rejects.toMatchObject({
      code: "NOT_CONNECTED",
    });
  });
});

describe("connectHttp", () => {
  it("uses Streamable HTTP when the server speaks it", async () => {
    const s = await server({});
    const transport = await connectHttp(client(), s.url);
    expect(transport).toBeInstanceOf(StreamableHttpClientTransport);
  });

  it("falls back to HTTP+SSE when the POST fails with a 4xx", async () => {
    const s = await server({ legacyOnly: true });
    const c = client();
    const transport = await connectHttp(c, s.url, { timeoutMs: 5_000 });
    expect(transport).toBeInstanceOf(SseClientTransport);
    expect(s.requests.map((r) => `${r.method} ${r.path}`).slice(0, 2)).toEqual(["POST /sse", "GET /sse"]);
    await c.listTools();
    expect((await c.callTool({ name: "add", arguments: { a: 2, b: 2 } })).structuredContent).toEqual({
      sum: 4,
    });
  });

  it("does not fall back for errors that are not about the transport", async () => {
    const c = client();
    const error = await connectHttp(c, "http://127.0.0.1:9/mcp").catch((e: unknown) => e);
    expect(isHttpError(error) && error.status).toBe(0);
  });
});
