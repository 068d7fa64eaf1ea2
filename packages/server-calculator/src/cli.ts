#!/usr/bin/env node
// Placeholder entry until issue #3 builds this server.
process.stderr.write("@mcp/server-calculator: not built yet (issue #3)\n");
process.exitCode = 1;
