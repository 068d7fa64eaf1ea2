import { expect, it } from "vitest";
import type { Database } from "../database.js";
import { isDbError } from "../errors.js";
import { seedDatabase } from "../seed.js";
import { describeEachDatabase, openDatabaseForSuite } from "../test-support/databases.js";
import { createAgent } from "./agents.js";
import { createApiKey } from "./api-keys.js";
import { upsertServerConfig } from "./configs.js";
import { finishExecution, getExecution, listExecutions, startExecution } from "./executions.js";
import {
  getRegistryEntry,
  installRegistryEntry,
  rateRegistryEntry,
  searchRegistry,
  upsertRegistryEntry,
} from "./registry.js";
import { createServer, getGlobalServer, getServer, listServers } from "./servers.js";
import { createTenant } from "./tenants.js";

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    if (isDbError(error)) return error.code;
    throw error;
  }
  return undefined;
}

describeEachDatabase("executions, registry, seed", (kind) => {
  let db: Database;
  openDatabaseForSuite(kind, (opened) => {
    db = opened;
  });

  it("executions: append-only start/finish, usage figures, filters, pages, tenant scoping", async () => {
    const t = await createTenant(db, { slug: "exec", name: "Exec" });
    const other = await createTenant(db, { slug: "exec-other", name: "Other" });
    const server = await createServer(
      db,
      { tenantId: t.id },
      { slug: "calc", name: "C", transport: "stdio", command: "n" },
    );
    const agent = await createAgent(db, t.id, { name: "a" });
    const config = await upsertServerConfig(db, t.id, { serverId: server.id, timeoutMs: 5_000 });
    const { apiKey } = await createApiKey(db, { tenantId: t.id, name: "k" });
    const t0 = new Date("2030-01-01T00:00:00Z");

    const started = [];
    for (let i = 0; i < 5; i += 1) {
      started.push(
        await startExecution(db, t.id, {
          serverId: server.id,
          toolName: i % 2 === 0 ? "add" : "mul",
          arguments: { a: i, b: 1 },
          agentId: agent.id,
          configId: config.id,
          apiKeyId: apiKey.id,
          startedAt: new Date(t0.getTime() + i * 1000),
        }),
      );
    }
    expect(started[0]).toMatchObject({ status: "running", attempts: 1, durationMs: null });
    const done = await finishExecution(db, t.id, started[0]!.id, {
      status: "succeeded",
      result: { content: [{ type: "text", text: "1" }] },
      isError: false,
      finishedAt: new Date(t0.getTime() + 100),
    });
    expect(done).toMatchObject({ status: "succeeded", durationMs: 100, isError: false });
    expect(await codeOf(finishExecution(db, t.id, started[0]!.id, { status: "failed" }))).toBe("conflict");
    expect(await codeOf(finishExecution(db, other.id, started[1]!.id, { status: "failed" }))).toBe(
      "not_found",
    );
    expect(await codeOf(finishExecution(db, t.id, started[1]!.id, { status: "running" as never }))).toBe(
      "invalid",
    );
    await finishExecution(db, t.id, started[1]!.id, {
      status: "timed_out",
      errorCode: "timeout",
      errorMessage: "took too long",
      attempts: 3,
      finishedAt: new Date(t0.getTime() + 1000 + 300),
    });
    await finishExecution(db, t.id, started[2]!.id, { status: "denied", errorCode: "tool_denied" });

    const usage = await getServer(db, t.id, server.id);
    // Denied calls are audited but never reached the server.
    expect(usage).toMatchObject({ totalCalls: 2, totalErrors: 1, avgLatencyMs: 200 });
    expect(usage?.lastUsedAt).toBeInstanceOf(Date);

    // Another tenant sees nothing, and cannot log against this tenant's server, agent or key.
    expect(await getExecution(db, other.id, started[0]!.id)).toBeNull();
    expect((await listExecutions(db, other.id)).items).toEqual([]);
    expect(await codeOf(startExecution(db, other.id, { serverId: server.id, toolName: "add" }))).toBe(
      "not_found",
    );
    const otherServer = await createServer(
      db,
      { tenantId: other.id },
      { slug: "o", name: "O", transport: "stdio", command: "n" },
    );
    for (const ref of [{ agentId: agent.id }, { configId: config.id }, { apiKeyId: apiKey.id }]) {
      expect(
        await codeOf(startExecution(db, other.id, { serverId: otherServer.id, toolName: "x", ...ref })),
      ).toBe("not_found");
    }

    expect((await listExecutions(db, t.id, { toolName: "mul" })).items.map((e) => e.id)).toEqual([
      started[3]!.id,
      started[1]!.id,
    ]);
    expect((await listExecutions(db, t.id, { status: "running" })).items).toHaveLength(2);
    expect((await listExecutions(db, t.id, { status: "denied", agentId: agent.id })).items).toHaveLength(1);
    const window = await listExecutions(db, t.id, {
      since: new Date(t0.getTime() + 1000),
      until: new Date(t0.getTime() + 3000),
      serverId: server.id,
      apiKeyId: apiKey.id,
    });
    expect(window.items.map((e) => e.id)).toEqual([started[2]!.id, started[1]!.id]);

    // Keyset pages: newest first, every row once, then no cursor.
    const seen: string[] = [];
    let page = await listExecutions(db, t.id, { limit: 2 });
    seen.push(...page.items.map((e) => e.id));
    while (page.nextCursor) {
      page = await listExecutions(db, t.id, { limit: 2, cursor: page.nextCursor });
      seen.push(...page.items.map((e) => e.id));
    }
    expect(seen).toEqual([...started].reverse().map((e) => e.id));
    expect(await codeOf(listExecutions(db, t.id, { cursor: "garbage" }))).toBe("invalid");
  });

  it("registry: search, install into a tenant from the template, scoped to that tenant", async () => {
    const t = await createTenant(db, { slug: "reg", name: "Reg" });
    const other = await createTenant(db, { slug: "reg-other", name: "Other" });
    const { entry } = await upsertRegistryEntry(db, {
      slug: "weather",
      name: "Weather",
      description: "Forecasts for any city",
      category: "data",
      tags: ["weather", "forecast"],
      transport: "streamable_http",
      urlTemplate: "https://{{region}}.weather.example/mcp",
      configSchema: {
        type: "object",
        properties: { region: { type: "string" }, units: { type: "string", default: "metric" } },
        required: ["region"],
      },
    });
    await upsertRegistryEntry(db, {
      slug: "notes",
      name: "Notes",
      description: "A notebook",
      category: "productivity",
      featured: true,
      commandTemplate: "node",
      argsTemplate: ["notes.js", "--units={{units}}"],
      configSchema: {
        type: "object",
        properties: { units: { type: "integer" }, verbose: { type: "boolean" } },
      },
    });
    expect((await searchRegistry(db, { query: "FORECAST" })).items.map((e) => e.slug)).toEqual(["weather"]);
    expect((await searchRegistry(db, { query: "forecast" })).items.map((e) => e.slug)).toEqual(["weather"]);
    expect((await searchRegistry(db, { category: "productivity" })).total).toBe(1);
    expect((await searchRegistry(db, { tag: "weather", verified: false })).total).toBe(1);
    expect((await searchRegistry(db, { featured: true })).items.map((e) => e.slug)).toEqual(["notes"]);
    const firstTwo = await searchRegistry(db, { limit: 2 });
    expect(firstTwo.items[0]?.slug).toBe("notes"); // featured first

    const installed = await installRegistryEntry(db, t.id, {
      slug: "weather",
      values: { region: "eu" },
      env: { KEY: "k-secret-1" },
    });
    expect(installed).toMatchObject({
      url: "https://eu.weather.example/mcp",
      transport: "streamable_http",
      global: false,
    });
    expect(installed.registryEntryId).toBe(entry.id);
    expect((await getRegistryEntry(db, "weather"))?.installCount).toBe(1);
    expect((await listServers(db, t.id, { includeGlobal: false })).map((s) => s.slug)).toEqual(["weather"]);
    expect(await getServer(db, other.id, installed.id)).toBeNull();
    const notes = await installRegistryEntry(db, t.id, {
      slug: "notes",
      serverSlug: "my-notes",
      values: { units: 3, verbose: true },
    });
    expect(notes.args).toEqual(["notes.js", "--units=3"]);

    expect(await codeOf(installRegistryEntry(db, other.id, { slug: "weather" }))).toBe("invalid"); // region missing
    expect(await codeOf(installRegistryEntry(db, other.id, { slug: "weather", values: { region: 1 } }))).toBe(
      "invalid",
    );
    expect(
      await codeOf(
        installRegistryEntry(db, other.id, { slug: "weather", values: { region: "x", evil: "1" } }),
      ),
    ).toBe("invalid");
    expect(await codeOf(installRegistryEntry(db, other.id, { slug: "notes", values: { units: "x" } }))).toBe(
      "invalid",
    );
    expect(await codeOf(installRegistryEntry(db, other.id, { slug: "notes", serverSlug: "n2" }))).toBe(
      "invalid",
    ); // {{units}} unfilled
    expect(await codeOf(installRegistryEntry(db, t.id, { slug: "weather", values: { region: "us" } }))).toBe(
      "conflict",
    );
    expect(await codeOf(installRegistryEntry(db, t.id, { slug: "nope" }))).toBe("not_found");
    const refusing = installRegistryEntry(db, other.id, {
      slug: "weather",
      values: { region: "eu" },
      validate: (server) => {
        if (server.url?.includes("eu.")) throw new Error("refused by policy");
      },
    });
    await expect(refusing).rejects.toThrow("refused by policy");
    expect(await getServer(db, other.id, "weather")).toBeNull();
    expect(
      await codeOf(installRegistryEntry(db, "no-such-tenant", { slug: "weather", values: { region: "x" } })),
    ).toBe("not_found");
  });

  it("ratings: one per tenant, average and count consistent under concurrent ratings", async () => {
    await upsertRegistryEntry(db, { slug: "rated", name: "Rated", description: "r", category: "x" });
    const tenants = await Promise.all(
      Array.from({ length: 8 }, (_, i) => createTenant(db, { slug: `rater-${i}`, name: `R${i}` })),
    );
    // Every tenant rates concurrently, twice: the second rating of each replaces its first.
    await Promise.all(
      tenants.flatMap((tenant, i) => [
        rateRegistryEntry(db, tenant.id, { slug: "rated", rating: 1 }),
        rateRegistryEntry(db, tenant.id, { slug: "rated", rating: (i % 5) + 1, comment: `c${i}` }),
      ]),
    );
    const entry = await getRegistryEntry(db, "rated");
    const ratings = await db.prisma.mcpRegistryRating.findMany({ where: { entryId: entry!.id } });
    expect(ratings).toHaveLength(tenants.length);
    const average = ratings.reduce((sum, r) => sum + r.rating, 0) / ratings.length;
    expect(entry?.ratingCount).toBe(tenants.length);
    expect(entry?.ratingAverage).toBeCloseTo(average, 10);

    const final = await rateRegistryEntry(db, tenants[0]!.id, { slug: "rated", rating: 5 });
    const after = await db.prisma.mcpRegistryRating.findMany({ where: { entryId: entry!.id } });
    expect(final.ratingCount).toBe(tenants.length);
    expect(final.ratingAverage).toBeCloseTo(after.reduce((s, r) => s + r.rating, 0) / after.length, 10);
    expect(await codeOf(rateRegistryEntry(db, tenants[0]!.id, { slug: "rated", rating: 6 }))).toBe("invalid");
    expect(await codeOf(rateRegistryEntry(db, tenants[0]!.id, { slug: "nope", rating: 3 }))).toBe(
      "not_found",
    );
  });

  it("seed: the bundled servers as global servers and registry entries, idempotently", async () => {
    const options = { filesystemRoot: "/srv/files", databaseUrl: "pglite:memory" };
    const first = await seedDatabase(db, options);
    expect(first.servers.created).toEqual(["filesystem", "database", "calculator"]);
    expect(first.registry.created).toEqual(["filesystem", "database", "calculator"]);
    const snapshot = async () =>
      JSON.stringify([
        await db.prisma.mcpServer.findMany({ where: { tenantId: null }, orderBy: { slug: "asc" } }),
        await db.prisma.mcpRegistryEntry.findMany({ orderBy: { slug: "asc" } }),
      ]);
    const before = await snapshot();
    const second = await seedDatabase(db, options);
    expect(second.servers).toEqual({
      created: [],
      updated: [],
      unchanged: ["filesystem", "database", "calculator"],
    });
    expect(second.registry.unchanged).toEqual(["filesystem", "database", "calculator"]);
    expect(await snapshot()).toBe(before);

    const calculator = await getGlobalServer(db, "calculator");
    // Bin names, resolved to the installation by the API at spawn time.
    expect(calculator).toMatchObject({ command: "mcp-server-calculator", args: [], transport: "stdio" });
    expect((await getGlobalServer(db, "filesystem"))?.args).toEqual(["/srv/files"]);
    expect((await getGlobalServer(db, "database"))?.args).toEqual(["pglite:memory"]);
    expect(await getRegistryEntry(db, "database")).toMatchObject({
      commandTemplate: "mcp-server-database",
      argsTemplate: ["{{url}}"],
      npmPackage: "@mcp/server-database",
    });

    // Changed options update the global servers in place.
    const third = await seedDatabase(db, { ...options, filesystemRoot: "/srv/other" });
    expect(third.servers.updated).toEqual(["filesystem"]);
    expect((await getGlobalServer(db, "filesystem"))?.args.at(-1)).toBe("/srv/other");
  });
});
