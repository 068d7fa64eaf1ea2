import { expect, it } from "vitest";
import type { Database } from "../database.js";
import { isDbError } from "../errors.js";
import { describeEachDatabase, openDatabaseForSuite } from "../test-support/databases.js";
import { createAgent, deleteAgent, getAgent, listAgents } from "./agents.js";
import { createApiKey, listApiKeys, revokeApiKey, verifyApiKey } from "./api-keys.js";
import {
  CONFIG_DEFAULTS,
  deleteServerConfig,
  isToolAllowed,
  listServerConfigs,
  resolveEffectiveConfig,
  upsertServerConfig,
} from "./configs.js";
import {
  createServer,
  deleteServer,
  getGlobalServer,
  getServer,
  hashTools,
  listServers,
  recordDiscovery,
  recordHealthCheck,
  updateServer,
} from "./servers.js";
import { createTenant, getTenant, listTenants } from "./tenants.js";

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    if (isDbError(error)) return error.code;
    throw error;
  }
  return undefined;
}

describeEachDatabase("tenants, keys, agents, servers, configs", (kind) => {
  let db: Database;
  openDatabaseForSuite(kind, (opened) => {
    db = opened;
  });

  it("tenants: unique slugs, lookup by id or slug", async () => {
    const acme = await createTenant(db, { slug: "acme", name: "Acme" });
    expect(await getTenant(db, "acme")).toMatchObject({ id: acme.id });
    expect(await getTenant(db, acme.id)).toMatchObject({ slug: "acme" });
    expect(await codeOf(createTenant(db, { slug: "acme", name: "Again" }))).toBe("conflict");
    expect(await codeOf(createTenant(db, { slug: "Bad Slug", name: "x" }))).toBe("invalid");
    expect((await listTenants(db)).map((t) => t.slug)).toContain("acme");
  });

  it("API keys: plaintext once, hash at rest, revoke, expiry, last use, platform keys", async () => {
    const tenant = await createTenant(db, { slug: "keys", name: "Keys" });
    const { apiKey, plaintext } = await createApiKey(db, { tenantId: tenant.id, name: "ci", role: "member" });
    expect(plaintext).toMatch(/^mcp_/);
    expect(apiKey).not.toHaveProperty("hash");
    expect(plaintext.startsWith(apiKey.prefix)).toBe(true);
    const [raw] = await db.query(`SELECT * FROM "ApiKey" WHERE id = '${apiKey.id}'`);
    expect(JSON.stringify(raw)).not.toContain(plaintext);

    const verified = await verifyApiKey(db, plaintext);
    expect(verified?.tenant?.id).toBe(tenant.id);
    expect(verified?.apiKey.lastUsedAt).toBeInstanceOf(Date);
    expect(await verifyApiKey(db, `${plaintext}x`)).toBeNull();
    expect(await verifyApiKey(db, "not-a-key")).toBeNull();

    const other = await createTenant(db, { slug: "keys-other", name: "Other" });
    expect(await revokeApiKey(db, other.id, apiKey.id)).toBe(false); // not its key
    expect(await revokeApiKey(db, tenant.id, apiKey.id)).toBe(true);
    expect(await revokeApiKey(db, tenant.id, apiKey.id)).toBe(false);
    expect(await verifyApiKey(db, plaintext)).toBeNull();

    const expiring = await createApiKey(db, {
      tenantId: tenant.id,
      name: "short",
      expiresAt: new Date(Date.now() + 60_000),
    });
    expect(await verifyApiKey(db, expiring.plaintext)).not.toBeNull();
    expect(await verifyApiKey(db, expiring.plaintext, { now: new Date(Date.now() + 120_000) })).toBeNull();

    const chosen = `mcp_${"x".repeat(40)}`;
    const admin = await createApiKey(db, { tenantId: null, name: "root", role: "admin", plaintext: chosen });
    expect(admin.plaintext).toBe(chosen);
    expect(
      await codeOf(createApiKey(db, { tenantId: null, name: "weak", role: "admin", plaintext: "mcp_short" })),
    ).toBe("invalid");
    expect((await verifyApiKey(db, admin.plaintext))?.tenant).toBeNull();
    expect(await codeOf(createApiKey(db, { tenantId: null, name: "x", role: "member" }))).toBe("invalid");
    expect((await listApiKeys(db, tenant.id)).map((k) => k.name).sort()).toEqual(["ci", "short"]);
    expect((await listApiKeys(db, null)).map((k) => k.name)).toEqual(["root"]);
    expect(await listApiKeys(db, other.id)).toEqual([]);
  });

  it("servers: global plus own, secrets encrypted at rest, soft delete, no cross-tenant access", async () => {
    const a = await createTenant(db, { slug: "srv-a", name: "A" });
    const b = await createTenant(db, { slug: "srv-b", name: "B" });
    const global = await createServer(
      db,
      { global: true },
      {
        slug: "shared",
        name: "Shared",
        transport: "stdio",
        command: "node",
        args: ["shared.js"],
      },
    );
    const own = await createServer(
      db,
      { tenantId: a.id },
      {
        slug: "private",
        name: "Private",
        transport: "streamable_http",
        url: "https://mcp.example.com/mcp",
        headers: { Authorization: "Bearer sk-live-SECRET-123" },
      },
    );
    const env = await createServer(
      db,
      { tenantId: a.id },
      {
        slug: "with-env",
        name: "Env",
        transport: "stdio",
        command: "node",
        env: { GITHUB_TOKEN: "ghp_TOPSECRET_456" },
      },
    );
    expect(global.global).toBe(true);
    expect(own.headers).toEqual({ Authorization: "Bearer sk-live-SECRET-123" });
    const rawRows = JSON.stringify(await db.query(`SELECT * FROM "McpServer"`));
    expect(rawRows).not.toContain("sk-live-SECRET-123");
    expect(rawRows).not.toContain("ghp_TOPSECRET_456");
    expect((await getServer(db, a.id, env.id))?.env).toEqual({ GITHUB_TOKEN: "ghp_TOPSECRET_456" });

    expect((await listServers(db, a.id)).map((s) => s.slug)).toEqual(["private", "shared", "with-env"]);
    expect((await listServers(db, a.id, { includeGlobal: false })).map((s) => s.slug)).toEqual([
      "private",
      "with-env",
    ]);
    expect((await listServers(db, b.id)).map((s) => s.slug)).toEqual(["shared"]);
    expect((await listServers(db, a.id, { transport: "streamable_http" })).map((s) => s.slug)).toEqual([
      "private",
    ]);
    expect(await getServer(db, b.id, own.id)).toBeNull();
    expect(await getServer(db, b.id, "private")).toBeNull();
    expect((await getServer(db, b.id, "shared"))?.id).toBe(global.id);

    // A tenant's own slug wins over a global one; the same slug twice for one owner conflicts.
    const shadow = await createServer(
      db,
      { tenantId: b.id },
      { slug: "shared", name: "Mine", transport: "stdio", command: "x" },
    );
    expect((await getServer(db, b.id, "shared"))?.id).toBe(shadow.id);
    expect(
      await codeOf(
        createServer(db, { tenantId: b.id }, { slug: "shared", name: "2", transport: "stdio", command: "x" }),
      ),
    ).toBe("conflict");
    expect(
      await codeOf(
        createServer(db, { global: true }, { slug: "shared", name: "2", transport: "stdio", command: "x" }),
      ),
    ).toBe("conflict");
    expect(
      await codeOf(createServer(db, { tenantId: a.id }, { slug: "nocmd", name: "x", transport: "stdio" })),
    ).toBe("invalid");
    expect(
      await codeOf(createServer(db, { tenantId: a.id }, { slug: "nourl", name: "x", transport: "sse" })),
    ).toBe("invalid");
    expect(
      await codeOf(
        createServer(
          db,
          { tenantId: a.id },
          { slug: "badurl", name: "x", transport: "websocket", url: "file:///etc" },
        ),
      ),
    ).toBe("invalid");
    expect(
      await codeOf(
        createServer(
          db,
          { tenantId: a.id },
          { slug: "notaurl", name: "x", transport: "websocket", url: "::" },
        ),
      ),
    ).toBe("invalid");

    // Tenants cannot change, delete or record on a server they do not own (global included).
    expect(await codeOf(updateServer(db, { tenantId: b.id }, own.id, { name: "hijack" }))).toBe("not_found");
    expect(await codeOf(updateServer(db, { tenantId: b.id }, global.id, { name: "hijack" }))).toBe(
      "not_found",
    );
    expect(await deleteServer(db, { tenantId: b.id }, own.id)).toBe(false);
    expect(await codeOf(recordDiscovery(db, { tenantId: b.id }, own.id, { tools: [] }))).toBe("not_found");
    expect(await codeOf(recordHealthCheck(db, { tenantId: b.id }, global.id, { ok: true }))).toBe(
      "not_found",
    );

    const updated = await updateServer(db, { tenantId: a.id }, env.id, {
      name: "Env 2",
      description: "d",
      args: ["--x"],
      cwd: "/tmp",
      env: { GITHUB_TOKEN: "rotated" },
      headers: null,
    });
    expect(updated).toMatchObject({
      name: "Env 2",
      args: ["--x"],
      cwd: "/tmp",
      env: { GITHUB_TOKEN: "rotated" },
    });

    expect(await deleteServer(db, { tenantId: a.id }, env.id)).toBe(true);
    expect(await deleteServer(db, { tenantId: a.id }, env.id)).toBe(false);
    expect(await getServer(db, a.id, env.id)).toBeNull();
    // The slug is free again after a soft delete.
    await createServer(
      db,
      { tenantId: a.id },
      { slug: "with-env", name: "Again", transport: "stdio", command: "node" },
    );
    expect((await getGlobalServer(db, "shared"))?.id).toBe(global.id);
  });

  it("servers: discovery hash notices tool changes; health counts consecutive failures", async () => {
    const server = await createServer(
      db,
      { global: true },
      { slug: "probe", name: "P", transport: "stdio", command: "n" },
    );
    const tools = [
      { name: "b", inputSchema: { type: "object", properties: {} } },
      { name: "a", description: "x", inputSchema: { type: "object" } },
    ];
    const first = await recordDiscovery(db, { global: true }, server.id, {
      tools,
      serverInfo: { name: "p", version: "1" },
      protocolVersion: "2025-11-25",
    });
    expect(first.toolsChanged).toBe(true);
    expect(first.server.toolsHash).toBe(hashTools(tools));
    // Same tools, other order and key order: unchanged.
    const reordered = [{ inputSchema: { type: "object" }, description: "x", name: "a" }, tools[0]!];
    expect((await recordDiscovery(db, { global: true }, server.id, { tools: reordered })).toolsChanged).toBe(
      false,
    );
    const changed = await recordDiscovery(db, { global: true }, server.id, { tools: [tools[0]!] });
    expect(changed.toolsChanged).toBe(true);
    expect(changed.server.protocolVersion).toBe("2025-11-25");

    const one = await recordHealthCheck(db, { global: true }, server.id, { ok: false, error: "boom" });
    expect(one).toMatchObject({ status: "degraded", consecutiveFailures: 1, lastError: "boom" });
    await Promise.all([
      recordHealthCheck(db, { global: true }, server.id, { ok: false }),
      recordHealthCheck(db, { global: true }, server.id, { ok: false }),
    ]);
    const three = await getGlobalServer(db, server.id);
    expect(three).toMatchObject({ status: "unhealthy", consecutiveFailures: 3 });
    const healed = await recordHealthCheck(db, { global: true }, server.id, { ok: true });
    expect(healed).toMatchObject({ status: "healthy", consecutiveFailures: 0, lastError: null });
  });

  it("agents belong to one tenant", async () => {
    const a = await createTenant(db, { slug: "ag-a", name: "A" });
    const b = await createTenant(db, { slug: "ag-b", name: "B" });
    const bot = await createAgent(db, a.id, { name: "bot", description: "helps" });
    expect(await codeOf(createAgent(db, a.id, { name: "bot" }))).toBe("conflict");
    expect(await codeOf(createAgent(db, a.id, { name: " " }))).toBe("invalid");
    await createAgent(db, b.id, { name: "bot" });
    expect((await listAgents(db, a.id)).map((x) => x.id)).toEqual([bot.id]);
    expect(await getAgent(db, b.id, bot.id)).toBeNull();
    expect(await deleteAgent(db, b.id, bot.id)).toBe(false);
    expect(await getAgent(db, a.id, bot.id)).not.toBeNull();
    expect(await deleteAgent(db, a.id, bot.id)).toBe(true);
  });

  it("configs: the agent's fields override the tenant's, which override the defaults", async () => {
    const t = await createTenant(db, { slug: "cfg", name: "Cfg" });
    const other = await createTenant(db, { slug: "cfg-other", name: "Other" });
    const server = await createServer(
      db,
      { tenantId: t.id },
      {
        slug: "fs",
        name: "FS",
        transport: "stdio",
        command: "node",
        env: { ROOT: "/srv", LEVEL: "server" },
      },
    );
    const agent = await createAgent(db, t.id, { name: "writer" });
    const foreignAgent = await createAgent(db, other.id, { name: "spy" });

    const none = await resolveEffectiveConfig(db, t.id, { serverId: server.id, agentId: agent.id });
    expect(none).toMatchObject({
      ...CONFIG_DEFAULTS,
      configId: null,
      env: { ROOT: "/srv", LEVEL: "server" },
    });
    expect(Object.values(none.sources).every((s) => s === "default")).toBe(true);

    const tenantRow = await upsertServerConfig(db, t.id, {
      serverId: server.id,
      timeoutMs: 10_000,
      maxRetries: 2,
      toolAllowList: ["read", "write", "delete"],
      envOverrides: { LEVEL: "tenant", API_TOKEN: "tenant-secret-789" },
    });
    const agentRow = await upsertServerConfig(db, t.id, {
      serverId: server.id,
      agentId: agent.id,
      timeoutMs: 2_000,
      toolDenyList: ["delete"],
      envOverrides: { LEVEL: "agent" },
    });
    const raw = JSON.stringify(await db.query(`SELECT * FROM "McpServerConfig"`));
    expect(raw).not.toContain("tenant-secret-789");

    const effective = await resolveEffectiveConfig(db, t.id, { serverId: server.id, agentId: agent.id });
    expect(effective).toMatchObject({
      configId: agentRow.id,
      enabled: true,
      timeoutMs: 2_000,
      maxRetries: 2,
      toolAllowList: ["read", "write", "delete"],
      toolDenyList: ["delete"],
      maxConcurrentCalls: CONFIG_DEFAULTS.maxConcurrentCalls,
      env: { ROOT: "/srv", LEVEL: "agent", API_TOKEN: "tenant-secret-789" },
    });
    expect(effective.sources).toMatchObject({ timeoutMs: "agent", maxRetries: "tenant", enabled: "default" });
    expect(isToolAllowed(effective, "read")).toBe(true);
    expect(isToolAllowed(effective, "delete")).toBe(false);
    expect(isToolAllowed(effective, "format_disk")).toBe(false);

    // Without the agent: the tenant's default row alone.
    const tenantOnly = await resolveEffectiveConfig(db, t.id, { serverId: server.id });
    expect(tenantOnly).toMatchObject({ configId: tenantRow.id, timeoutMs: 10_000, toolDenyList: [] });
    expect(isToolAllowed(tenantOnly, "delete")).toBe(true);

    // Upsert changes only the given fields; null clears a field back to inherit.
    await upsertServerConfig(db, t.id, {
      serverId: server.id,
      agentId: agent.id,
      timeoutMs: null,
      enabled: false,
    });
    const cleared = await resolveEffectiveConfig(db, t.id, { serverId: server.id, agentId: agent.id });
    expect(cleared).toMatchObject({ timeoutMs: 10_000, enabled: false, toolDenyList: ["delete"] });
    await upsertServerConfig(db, t.id, { serverId: server.id, toolAllowList: null });
    expect((await resolveEffectiveConfig(db, t.id, { serverId: server.id })).toolAllowList).toBeNull();

    expect(await codeOf(upsertServerConfig(db, t.id, { serverId: server.id, timeoutMs: 0 }))).toBe("invalid");
    expect(
      await codeOf(upsertServerConfig(db, t.id, { serverId: server.id, toolDenyList: [1 as never] })),
    ).toBe("invalid");
    // Scoping: another tenant's server or agent is not found, and its configs stay invisible.
    expect(await codeOf(upsertServerConfig(db, other.id, { serverId: server.id, timeoutMs: 1 }))).toBe(
      "not_found",
    );
    expect(
      await codeOf(upsertServerConfig(db, t.id, { serverId: server.id, agentId: foreignAgent.id })),
    ).toBe("not_found");
    expect(await codeOf(resolveEffectiveConfig(db, other.id, { serverId: server.id }))).toBe("not_found");
    expect(await listServerConfigs(db, other.id)).toEqual([]);
    expect(await listServerConfigs(db, t.id, { serverId: server.id })).toHaveLength(2);
    expect(await listServerConfigs(db, t.id, { agentId: agent.id })).toHaveLength(1);
    expect(await deleteServerConfig(db, other.id, agentRow.id)).toBe(false);
    expect(await deleteServerConfig(db, t.id, agentRow.id)).toBe(true);
  });
});
