#!/usr/bin/env node
// Placeholder entry until issue #6 builds this server.
process.stderr.write("@mcp/server-database: not built yet (issue #6)\n");
process.exitCode = 1;
