import { expect, it } from "vitest";
import type { Database } from "../database.js";
import { describeEachDatabase, openDatabaseForSuite } from "../test-support/databases.js";
import { getServerConfig, upsertServerConfig } from "./configs.js";
import { createServer, listServersPage, recordHealthCheck } from "./servers.js";
import { createTenant } from "./tenants.js";

describeEachDatabase("server pages and single configs", (kind) => {
  let db: Database;
  openDatabaseForSuite(kind, (opened) => {
    db = opened;
  });

  it("listServersPage filters, pages and counts in the database, per scope", async () => {
    const t = await createTenant(db, { slug: "pages", name: "P" });
    const other = await createTenant(db, { slug: "pages-other", name: "O" });
    const stdio = { transport: "stdio" as const, command: "n" };
    for (const slug of ["alpha", "beta", "gamma", "delta"]) {
      await createServer(db, { tenantId: t.id }, { slug, name: `Server ${slug.toUpperCase()}`, ...stdio });
    }
    await createServer(db, { tenantId: other.id }, { slug: "hidden", name: "Hidden", ...stdio });
    await createServer(
      db,
      { global: true },
      { slug: "pages-global", name: "G", description: "Shared BETA tools", ...stdio },
    );
    const beta = await createServer(
      db,
      { tenantId: t.id },
      { slug: "web", name: "W", transport: "sse", url: "https://example.com/sse" },
    );
    await recordHealthCheck(db, { tenantId: t.id }, beta.id, { ok: true });

    const own = await listServersPage(db, t.id, { includeGlobal: false, skip: 0, take: 2 });
    expect(own.items.map((s) => s.slug)).toEqual(["alpha", "beta"]);
    expect(own.total).toBe(5);
    const second = await listServersPage(db, t.id, { includeGlobal: false, skip: 2, take: 2 });
    expect(second.items.map((s) => s.slug)).toEqual(["delta", "gamma"]);

    const search = await listServersPage(db, t.id, { search: "Beta", skip: 0, take: 50 });
    expect(search.items.map((s) => s.slug).filter((slug) => slug !== "calculator")).toEqual([
      "beta",
      "pages-global",
    ]);
    for (const wildcard of ["%", "_", "\\"]) {
      expect((await listServersPage(db, t.id, { search: wildcard, skip: 0, take: 50 })).total, wildcard).toBe(
        0,
      );
    }
    const healthy = await listServersPage(db, t.id, { status: "healthy", skip: 0, take: 50 });
    expect(healthy.items.map((s) => s.slug)).toEqual(["web"]);
    const sse = await listServersPage(db, t.id, { transport: "sse", skip: 0, take: 50 });
    expect(sse.items.map((s) => s.slug)).toEqual(["web"]);

    const global = await listServersPage(db, { global: true }, { search: "pages", skip: 0, take: 50 });
    expect(global.items.map((s) => s.slug)).toEqual(["pages-global"]);
    expect(global.items[0]?.global).toBe(true);
  });

  it("getServerConfig returns the tenant's own row, decrypted, and null for another tenant's", async () => {
    const t = await createTenant(db, { slug: "one-config", name: "C" });
    const other = await createTenant(db, { slug: "one-config-other", name: "O" });
    const server = await createServer(
      db,
      { global: true },
      { slug: "one-config-server", name: "S", transport: "stdio", command: "n" },
    );
    const config = await upsertServerConfig(db, t.id, {
      serverId: server.id,
      timeoutMs: 1_000,
      envOverrides: { K: "v" },
    });
    expect(await getServerConfig(db, t.id, config.id)).toEqual(config);
    expect(await getServerConfig(db, other.id, config.id)).toBeNull();
    expect(await getServerConfig(db, t.id, "no-such-id")).toBeNull();
  });
});
