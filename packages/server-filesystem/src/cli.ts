#!/usr/bin/env node
// Placeholder entry until issue #5 builds this server.
process.stderr.write("@mcp/server-filesystem: not built yet (issue #5)\n");
process.exitCode = 1;
