// Starts the guide's throwaway platform and keeps it running, for writing the guide by hand:
// node --conditions=@mcp/source --import tsx apps/api/test/usage-guide/serve.ts
import { startGuidePlatform } from "./guide-platform.js";

const guide = await startGuidePlatform();
process.stdout.write(
  `export MCP_URL=${guide.url}\nexport MCP_ADMIN_KEY=${guide.adminKey}\n# data: ${guide.dataDir}\n`,
);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    guide.close().then(() => process.exit(0));
  });
}
