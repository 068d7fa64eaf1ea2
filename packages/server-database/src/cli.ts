#!/usr/bin/env node
// `mcp-server-database <url>` / `npx @mcp/server-database <url>`: stdio by default, `--transport http` too.
import { runServerCli } from "@mcp/server-base/cli";
import { CLI_OPTIONS, CliUsageError, serverOptionsFromCli } from "./cli-options.js";
import { createDatabaseServer, type DatabaseServer } from "./database-server.js";
import { VERSION } from "./version.js";

// No top-level await: the package also builds a CommonJS copy.
main().catch((error: unknown) => {
  process.stderr.write(`mcp-server-database: ${(error as Error).message}\n`);
  process.exit(1);
});

async function main(): Promise<void> {
  let database: DatabaseServer | undefined;
  const running = await runServerCli({
    name: "mcp-server-database",
    version: VERSION,
    description:
      "Read-only SQL over MCP for PostgreSQL, MySQL/MariaDB, SQLite and PGlite.\n" +
      "URL: postgres://..., mysql://..., mariadb://..., sqlite:<file> or a file path, pglite:memory or pglite:<dir>.",
    usage: "<url>",
    options: CLI_OPTIONS,
    createServer: async ({ values, positionals }) => {
      try {
        database = await createDatabaseServer(serverOptionsFromCli(values, positionals, process.env));
      } catch (error) {
        const usage = error instanceof CliUsageError ? " (see --help)" : "";
        process.stderr.write(`mcp-server-database: ${(error as Error).message}${usage}\n`);
        process.exit(2);
      }
      await warnIfPrivileged(database);
      return database.server;
    },
  });

  await running.closed;
  await database?.close();
}

// The read-only layers do not depend on the role, but file and program access do: say so.
async function warnIfPrivileged(db: DatabaseServer): Promise<void> {
  if (db.engine.driver.dialect !== "postgres") return;
  try {
    const result = await db.engine.driver.run({
      sql: "SELECT current_setting('is_superuser')",
      maxRows: 1,
      timeoutMs: db.engine.timeoutMs,
    });
    if (result.rows[0]?.[0] === "on") {
      process.stderr.write(
        "mcp-server-database: warning: connected as a superuser; use a role with SELECT privileges only (see the README)\n",
      );
    }
  } catch {
    // The first query will report a connection problem to the client.
  }
}
