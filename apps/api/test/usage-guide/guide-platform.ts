import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import pino from "pino";
import { loadConfig } from "../../src/config.js";
import { type Platform, startPlatform } from "../../src/platform.js";

/** A platform as `pnpm start` runs it, on a real port, with its state in a throwaway directory. */
export interface GuidePlatform {
  platform: Platform;
  url: string;
  adminKey: string;
  dataDir: string;
  close(): Promise<void>;
}

/**
 * Starts the real platform the way a reader's first `pnpm start` does (first start: an admin key
 * and the `demo` tenant are created; bundled servers seeded), except that the database is PGlite
 * in memory and the data directory is a fresh temporary one.
 *
 * @example
 * const guide = await startGuidePlatform();
 * await fetch(`${guide.url}/health`);
 * await guide.close();
 */
export async function startGuidePlatform(): Promise<GuidePlatform> {
  const dataDir = mkdtempSync(join(tmpdir(), "mcp-usage-guide-"));
  const config = { ...loadConfig({ DATABASE_URL: "memory://", MCP_DATA_DIR: dataDir, PORT: "0" }) };
  const platform = await startPlatform(config, { logger: pino({ level: "silent" }) });
  const adminKey = platform.createdAdminKey;
  if (!adminKey) throw new Error("a first start must create the platform admin key");
  const server = serve({ fetch: platform.app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((ready) => server.once("listening", ready));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    platform,
    url,
    adminKey,
    dataDir,
    async close() {
      await new Promise<void>((done) => server.close(() => done()));
      await platform.close({ drainTimeoutMs: 1_000 });
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
