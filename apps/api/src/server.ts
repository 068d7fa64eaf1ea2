import { serve } from "@hono/node-server";
import { loadConfig } from "./config.js";
import { startPlatform } from "./platform.js";

const config = loadConfig(process.env);
const platform = await startPlatform(config);
const { logger } = platform;

const server = serve({ fetch: platform.app.fetch, port: config.port, hostname: config.host }, (info) => {
  const base = `http://${config.host}:${info.port}`;
  logger.info({ url: base }, "MCP platform API listening");
  if (platform.createdAdminKey) {
    // Printed once, to the terminal only: the database keeps just its hash.
    process.stdout.write(
      [
        "",
        "  A platform admin API key was created. It is shown only now; keep it:",
        "",
        `    ${platform.createdAdminKey}`,
        "",
        "  Try it (the calculator's add, in the tenant 'demo' created for you):",
        "",
        `    curl -s ${base}/v1/mcp/execute \\`,
        `      -H "Authorization: Bearer ${platform.createdAdminKey}" \\`,
        `      -H "X-MCP-Tenant: demo" -H "Content-Type: application/json" \\`,
        `      -d '{"server_id":"calculator","tool":"add","arguments":{"a":2,"b":3}}'`,
        "",
        `  API docs: ${base}/docs`,
        "",
      ].join("\n"),
    );
  }
});

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down: finishing in-flight executions");
    server.close();
    platform
      .close()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      });
  });
}
