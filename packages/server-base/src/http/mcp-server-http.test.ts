/**
 * Our McpServer behind the HTTP layer, driven by the official SDK client through the Hono app's
 * fetch (no port): stateful and stateless modes, headers and auth info reaching handlers.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { McpServer } from "../mcp-server.js";
import { createMcpHttpApp, type McpHttpAppOptions } from "./mcp-http-app.js";

function buildServer() {
  const server = new McpServer({ name: "http-test", version: "1.0.0" });
  server.registerTool(
    "whoami",
    { description: "Echoes what the HTTP layer passed in", inputSchema: z.object({ n: z.number() }) },
    async ({ n }, ctx) => ({
      content: [
        {
          type: "text",
          text: JSON.stringify({
            n,
            auth: ctx.authInfo ?? null,
            header: ctx.requestInfo?.headers["x-test"] ?? null,
            hasSession: ctx.sessionId !== undefined,
          }),
        },
      ],
    }),
  );
  return server;
}

async function connect(options: Omit<McpHttpAppOptions, "server">) {
  const server = buildServer();
  const mcp = createMcpHttpApp({ server, keepAliveMs: 0, ...options });
  const client = new Client({ name: "sdk", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL("http://localhost/mcp"), {
    requestInit: { headers: { "x-test": "yes", authorization: "Bearer abc" } },
    fetch: async (url, init) => mcp.app.fetch(new Request(url, init)),
  });
  await client.connect(transport);
  return { client, transport, mcp, server };
}

describe("McpServer over Streamable HTTP (in process)", () => {
  it("stateful: one session per client, handlers see headers and auth info", async () => {
    const { client, transport, mcp, server } = await connect({
      authenticate: (request) => request.headers.get("authorization")?.replace("Bearer ", ""),
    });
    expect(transport.sessionId).toBeTruthy();
    expect(mcp.streamable.sessionIds).toEqual([transport.sessionId]);
    const result = await client.callTool({ name: "whoami", arguments: { n: 1 } });
    expect(JSON.parse((result.content as { text: string }[])[0]?.text ?? "{}")).toEqual({
      n: 1,
      auth: "abc",
      header: "yes",
      hasSession: true,
    });
    const invalid = await client.callTool({ name: "whoami", arguments: { n: "x" } });
    expect(invalid.isError).toBe(true);
    await transport.terminateSession();
    expect(mcp.streamable.sessionIds).toEqual([]);
    await client.close();
    await server.close();
  });

  it("stateless: no session id, every request on a fresh pre-initialized connection", async () => {
    const { client, transport, mcp } = await connect({ stateless: true });
    expect(transport.sessionId).toBeUndefined();
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(["whoami"]);
    for (let n = 0; n < 3; n++) {
      const result = await client.callTool({ name: "whoami", arguments: { n } });
      expect((result.content as { text: string }[])[0]?.text).toContain(`"n":${n}`);
    }
    expect(mcp.streamable.sessionIds).toEqual([]);
    await client.close();
  });
});
