import {
  createApiKey,
  createDatabase,
  createServer,
  createTenant,
  type Database,
  revokeApiKey,
  upsertServerConfig,
} from "@mcp/db";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PlatformCache } from "./platform-cache.js";

const logger = pino({ level: "silent" });

describe("PlatformCache", { timeout: 120_000 }, () => {
  let db: Database;
  beforeAll(async () => {
    db = await createDatabase("memory://", { encryptionKey: Buffer.alloc(32, 7).toString("base64") });
  }, 300_000);
  afterAll(async () => {
    await db?.close();
  });

  it("trusts a verified key for the TTL: another instance's revocation is seen after it, this one's at invalidate()", async () => {
    const t = await createTenant(db, { slug: "keys", name: "k" });
    let now = Date.now();
    const cache = new PlatformCache({ db, logger, ttlMs: 5_000, now: () => now });
    const { plaintext, apiKey } = await createApiKey(db, { tenantId: t.id, name: "k" });
    expect((await cache.verifyApiKey(plaintext))?.apiKey.id).toBe(apiKey.id);
    await revokeApiKey(db, t.id, apiKey.id);
    now += 4_999;
    expect((await cache.verifyApiKey(plaintext))?.apiKey.id).toBe(apiKey.id);
    now += 1;
    expect(await cache.verifyApiKey(plaintext)).toBeNull();

    const second = await createApiKey(db, { tenantId: t.id, name: "k2" });
    expect(await cache.verifyApiKey(second.plaintext)).not.toBeNull();
    await revokeApiKey(db, t.id, second.apiKey.id);
    cache.invalidate();
    expect(await cache.verifyApiKey(second.plaintext)).toBeNull();
    expect(await cache.verifyApiKey("mcp_not-a-key-at-all-but-long-enough")).toBeNull();
  });

  it("refuses a cached key once it expires, without waiting for the TTL", async () => {
    const t = await createTenant(db, { slug: "expiry", name: "e" });
    let now = Date.now();
    const cache = new PlatformCache({ db, logger, ttlMs: 60_000, now: () => now });
    const { plaintext } = await createApiKey(db, {
      tenantId: t.id,
      name: "short",
      expiresAt: new Date(now + 1_000),
    });
    expect(await cache.verifyApiKey(plaintext)).not.toBeNull();
    now += 1_000;
    expect(await cache.verifyApiKey(plaintext)).toBeNull();
  });

  it("records a key's use at most once per interval, off the request path", async () => {
    const t = await createTenant(db, { slug: "touch", name: "t" });
    let now = Date.parse("2031-01-01T00:00:00Z");
    const cache = new PlatformCache({ db, logger, ttlMs: 5_000, touchIntervalMs: 60_000, now: () => now });
    const { plaintext, apiKey } = await createApiKey(db, { tenantId: t.id, name: "k" });
    const lastUsed = async () => {
      await cache.settle();
      return (await db.prisma.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } })).lastUsedAt;
    };
    await cache.verifyApiKey(plaintext);
    expect(await lastUsed()).toEqual(new Date(now));
    const first = now;
    now += 30_000;
    await cache.verifyApiKey(plaintext);
    cache.invalidate(); // a fresh read of the key must not make it write again within the interval
    await cache.verifyApiKey(plaintext);
    expect(await lastUsed()).toEqual(new Date(first));
    now += 30_000;
    await cache.verifyApiKey(plaintext);
    expect(await lastUsed()).toEqual(new Date(now));
  });

  it("serves the resolved server and configuration until invalidated, and 404s what the tenant cannot see", async () => {
    const t = await createTenant(db, { slug: "targets", name: "t" });
    const other = await createTenant(db, { slug: "targets-other", name: "o" });
    const server = await createServer(
      db,
      { tenantId: t.id },
      { slug: "calc", name: "C", transport: "stdio", command: "n", env: { A: "1" } },
    );
    await upsertServerConfig(db, t.id, {
      serverId: server.id,
      toolDenyList: ["rm"],
      envOverrides: { B: "2" },
    });
    const cache = new PlatformCache({ db, logger, ttlMs: 60_000 });
    const bySlug = await cache.executionTarget(t.id, "calc", null);
    expect(bySlug.server.id).toBe(server.id);
    expect(bySlug.toolDenyList).toEqual(["rm"]);
    expect(bySlug.env).toEqual({ A: "1", B: "2" });
    expect((await cache.executionTarget(t.id, server.id, null)).server.id).toBe(server.id);

    await upsertServerConfig(db, t.id, { serverId: server.id, toolDenyList: ["mv"] });
    expect((await cache.executionTarget(t.id, "calc", null)).toolDenyList).toEqual(["rm"]);
    cache.invalidate();
    expect((await cache.executionTarget(t.id, "calc", null)).toolDenyList).toEqual(["mv"]);

    await expect(cache.executionTarget(other.id, server.id, null)).rejects.toMatchObject({ status: 404 });
    await expect(cache.executionTarget(t.id, "calc", "no-such-agent")).rejects.toMatchObject({
      status: 404,
      message: "agent not found",
    });
  });
});
