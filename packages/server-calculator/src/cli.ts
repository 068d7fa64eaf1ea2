#!/usr/bin/env node
// `mcp-server-calculator` / `npx @mcp/server-calculator`: stdio by default, `--transport http` too.
import { runServerCli } from "@mcp/server-base/cli";
import { createCalculatorServer } from "./calculator-server.js";
import { VERSION } from "./version.js";

// No top-level await: the bin is also built as CommonJS.
runServerCli({
  name: "mcp-server-calculator",
  version: VERSION,
  description:
    "An MCP calculator: add, subtract, multiply, divide, power and a bounded expression evaluator.",
  createServer: () => createCalculatorServer(),
}).catch((error: unknown) => {
  process.stderr.write(`mcp-server-calculator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
