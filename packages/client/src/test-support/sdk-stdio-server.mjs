// The official SDK's McpServer over stdio, as a plain ES module so tests start it with bare
// `node` (no TypeScript loader: start-up time matters when a test spawns it many times).
// `--exit-on-start` makes it die at once, writing to stderr.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

if (process.argv.includes("--exit-on-start")) {
  process.stderr.write("fixture: refusing to start\n");
  process.exit(3);
}
const server = new McpServer(
  { name: "sdk-stdio-fixture", version: "1.0.0" },
  { capabilities: { logging: {} } },
);
server.registerTool(
  "add",
  {
    description: "Adds two numbers",
    inputSchema: { a: z.number(), b: z.number() },
    outputSchema: { sum: z.number() },
  },
  async ({ a, b }) => ({
    content: [{ type: "text", text: String(a + b) }],
    structuredContent: { sum: a + b },
  }),
);
server.registerTool(
  "echo",
  { description: "Echoes", inputSchema: { text: z.string() } },
  async ({ text }) => ({
    content: [{ type: "text", text }],
  }),
);
server.registerTool("fails", { description: "Always an error result" }, async () => ({
  content: [{ type: "text", text: "nope" }],
  isError: true,
}));
await server.connect(new StdioServerTransport());
