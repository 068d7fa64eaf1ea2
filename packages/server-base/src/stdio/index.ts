/**
 * Public API of `@mcp/server-base/stdio` (Node only): the stdio server transport and
 * `serveStdio()`, which serves an McpServer on this process's stdin/stdout.
 */
export { type ServeStdioOptions, type StdioServing, serveStdio } from "./serve-stdio.js";
export { StdioServerTransport, type StdioServerTransportOptions } from "./stdio-server-transport.js";
