// Our McpServer over our Streamable HTTP (`@mcp/server-base/http`), for the HTTP benchmark.
// MODE=auto|sse|json picks the response mode. Prints "listening <url>" on stdout.
import { McpServer } from "@mcp/server-base";
import { type ResponseMode, serveHttp } from "@mcp/server-base/http";
import { z } from "zod";

const server = new McpServer({ name: "bench-ours", version: "1.0.0" });
server.registerTool(
  "add",
  { description: "Adds two numbers", inputSchema: z.object({ a: z.number(), b: z.number() }) },
  async ({ a, b }) => ({ content: [{ type: "text", text: String(a + b) }] }),
);
const running = await serveHttp(server, {
  port: 0,
  responseMode: (process.env.MODE ?? "auto") as ResponseMode,
  legacySse: false,
});
process.stdout.write(`listening ${running.url}\n`);
