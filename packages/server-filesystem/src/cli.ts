#!/usr/bin/env node
// mcp-server-filesystem <dir>...: serves the filesystem tools over stdio (default) or Streamable
// HTTP (--transport http); the common flags come from runServerCli.
import { runServerCli } from "@mcp/server-base/cli";
import { CLI_OPTIONS, toServerOptions } from "./cli-options.js";
import { VERSION } from "./index.js";
import { createFilesystemServer } from "./server.js";

// No top-level await: the package also builds to CommonJS.
runServerCli({
  name: "mcp-server-filesystem",
  version: VERSION,
  description:
    "An MCP filesystem server confined to the given directories (replaced by the client's roots when it offers them).",
  usage: "<dir>...",
  options: CLI_OPTIONS,
  allowPositionals: true,
  createServer: async ({ values, positionals }) => {
    try {
      return await createFilesystemServer({ ...toServerOptions(values, positionals), version: VERSION });
    } catch (error) {
      // A bad directory or flag: say which and exit, without a stack trace.
      process.stderr.write(`mcp-server-filesystem: ${(error as Error).message}\n`);
      process.exit(1);
    }
  },
}).catch((error: unknown) => {
  process.stderr.write(`mcp-server-filesystem: ${(error as Error).message}\n`);
  process.exit(1);
});
