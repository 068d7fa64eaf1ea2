import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDatabase, type Database } from "@mcp/db";
import pino from "pino";
import { type ApiConfig, loadConfig } from "../config.js";
import { type Platform, startPlatform } from "../platform.js";

/** A platform on a throwaway embedded database, and a terse way to call it. */
export interface ApiFixture {
  platform: Platform;
  db: Database;
  adminKey: string;
  dataDir: string;
  call(
    method: string,
    path: string,
    options?: { key?: string; tenant?: string; body?: unknown; rawBody?: string },
  ): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

/**
 * Starts the real platform (migrations, seed, admin key, pool) on a fresh PGlite database, or
 * on PostgreSQL when `databaseUrl` is given. Bundled servers run as real processes.
 */
export async function createApiFixture(
  overrides: Partial<ApiConfig> = {},
  databaseUrl = "memory://",
): Promise<ApiFixture> {
  const dataDir = mkdtempSync(join(tmpdir(), "mcp-api-test-"));
  const db = await createDatabase(databaseUrl, {
    dataDir,
    encryptionKey: Buffer.alloc(32, 7).toString("base64"),
  });
  const config: ApiConfig = { ...loadConfig({}), dataDir, ...overrides };
  const platform = await startPlatform(config, { database: db, logger: pino({ level: "silent" }) });
  const adminKey = platform.createdAdminKey;
  if (!adminKey) throw new Error("the fixture expected the first start to create an admin key");
  return {
    platform,
    db,
    adminKey,
    dataDir,
    async call(method, path, options = {}) {
      const headers: Record<string, string> = {};
      const key = options.key === undefined ? adminKey : options.key;
      if (key) headers.authorization = `Bearer ${key}`;
      if (options.tenant) headers["x-mcp-tenant"] = options.tenant;
      let body: string | undefined = options.rawBody;
      if (options.body !== undefined) {
        headers["content-type"] = "application/json";
        body = JSON.stringify(options.body);
      } else if (body !== undefined) headers["content-type"] = "application/json";
      const res = await platform.app.request(path, {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
    async close() {
      await platform.close({ drainTimeoutMs: 1_000 });
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Creates a tenant through the API and returns its slug, id and admin key. */
export async function createTenantViaApi(fixture: ApiFixture, slug: string) {
  const res = await fixture.call("POST", "/v1/tenants", { body: { slug, name: `Tenant ${slug}` } });
  if (res.status !== 201) throw new Error(`tenant ${slug}: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.tenant.id as string, slug, adminKey: res.body.admin_key.key as string };
}

/** Creates a key of a role in a tenant through the API. */
export async function createKeyViaApi(fixture: ApiFixture, tenantAdminKey: string, role: string) {
  const res = await fixture.call("POST", "/v1/api-keys", {
    key: tenantAdminKey,
    body: { name: `${role} key`, role },
  });
  if (res.status !== 201) throw new Error(`key: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.key as string;
}
