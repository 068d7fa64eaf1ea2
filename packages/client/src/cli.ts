#!/usr/bin/env node
// Placeholder entry until issue #4 builds this server.
process.stderr.write("@mcp/client: not built yet (issue #4)\n");
process.exitCode = 1;
