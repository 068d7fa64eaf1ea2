import { expect, it } from "vitest";
import type { Database } from "../database.js";
import { isDbError } from "../errors.js";
import { maintainEmbeddedDatabase } from "../maintenance.js";
import { describeEachDatabase, openDatabaseForSuite } from "../test-support/databases.js";
import { createAgent, deleteAgent } from "./agents.js";
import { createApiKey, touchApiKey, verifyApiKey } from "./api-keys.js";
import { deleteServerConfig, upsertServerConfig } from "./configs.js";
import { finishExecutionFast, recordExecutionStart, recordFinishedExecution } from "./execution-audit.js";
import { getExecution } from "./executions.js";
import { createServer } from "./servers.js";
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

describeEachDatabase("execution audit in one round trip per write", (kind) => {
  let db: Database;
  openDatabaseForSuite(kind, (opened) => {
    db = opened;
  });

  async function fixture(slug: string) {
    const t = await createTenant(db, { slug, name: slug });
    const server = await createServer(
      db,
      { tenantId: t.id },
      { slug: "calc", name: "C", transport: "stdio", command: "n" },
    );
    const agent = await createAgent(db, t.id, { name: "a" });
    const config = await upsertServerConfig(db, t.id, { serverId: server.id, agentId: agent.id });
    const { apiKey } = await createApiKey(db, { tenantId: t.id, name: "k" });
    return { t, server, agent, config, apiKey };
  }

  const serverUsage = (id: string) =>
    db.prisma.mcpServer.findUniqueOrThrow({
      where: { id },
      select: { totalCalls: true, totalErrors: true, avgLatencyMs: true, lastUsedAt: true },
    });

  it("start then finish: the row, its outcome and the server's usage figures", async () => {
    const { t, server, agent, config, apiKey } = await fixture("fast-a");
    const startedAt = new Date("2031-01-01T00:00:00.000Z");
    const first = recordExecutionStart(db, t.id, {
      serverId: server.id,
      toolName: "add",
      arguments: { a: 1, b: 2 },
      configId: config.id,
      agentId: agent.id,
      apiKeyId: apiKey.id,
      startedAt,
    });
    expect(first.startedAt).toEqual(startedAt);
    await first.done;
    const running = await getExecution(db, t.id, first.id);
    expect(running).toMatchObject({
      status: "running",
      toolName: "add",
      arguments: { a: 1, b: 2 },
      configId: config.id,
      agentId: agent.id,
      apiKeyId: apiKey.id,
      attempts: 1,
      finishedAt: null,
    });
    expect(running?.startedAt).toEqual(startedAt);

    const finishedAt = new Date("2031-01-01T00:00:00.040Z");
    const result = { content: [{ type: "text", text: "3" }] };
    await finishExecutionFast(db, t.id, first.id, {
      status: "succeeded",
      result,
      isError: false,
      attempts: 1,
      durationMs: 40,
      finishedAt,
    });
    expect(await getExecution(db, t.id, first.id)).toMatchObject({
      status: "succeeded",
      result,
      isError: false,
      errorCode: null,
      durationMs: 40,
      finishedAt,
    });
    expect(await serverUsage(server.id)).toEqual({
      totalCalls: 1,
      totalErrors: 0,
      avgLatencyMs: 40,
      lastUsedAt: finishedAt,
    });

    const second = recordExecutionStart(db, t.id, { serverId: server.id, toolName: "div" });
    await second.done;
    await finishExecutionFast(db, t.id, second.id, {
      status: "failed",
      isError: true,
      errorCode: "tool_error",
      attempts: 2,
      durationMs: 20,
      finishedAt,
    });
    expect(await getExecution(db, t.id, second.id)).toMatchObject({
      status: "failed",
      isError: true,
      errorCode: "tool_error",
      attempts: 2,
      result: null,
      arguments: null,
      configId: null,
    });
    expect(await serverUsage(server.id)).toMatchObject({ totalCalls: 2, totalErrors: 1, avgLatencyMs: 30 });
  });

  it("finishes once, only in its tenant; a running status is refused", async () => {
    const { t, server } = await fixture("fast-b");
    const other = await createTenant(db, { slug: "fast-b-other", name: "o" });
    const run = recordExecutionStart(db, t.id, { serverId: server.id, toolName: "add" });
    await run.done;
    const outcome = { status: "succeeded" as const, attempts: 1, durationMs: 1 };
    expect(await codeOf(finishExecutionFast(db, other.id, run.id, outcome))).toBe("conflict");
    expect(await codeOf(finishExecutionFast(db, t.id, "no-such-id", outcome))).toBe("conflict");
    expect(
      await codeOf(finishExecutionFast(db, t.id, run.id, { ...outcome, status: "running" as never })),
    ).toBe("invalid");
    await finishExecutionFast(db, t.id, run.id, outcome);
    expect(await codeOf(finishExecutionFast(db, t.id, run.id, { ...outcome, status: "failed" }))).toBe(
      "conflict",
    );
    expect(await getExecution(db, t.id, run.id)).toMatchObject({ status: "succeeded" });
    expect(await serverUsage(server.id)).toMatchObject({ totalCalls: 1, totalErrors: 0 });
  });

  it("a denial is one row with its final status and is not counted as usage", async () => {
    const { t, server, apiKey } = await fixture("fast-c");
    const id = await recordFinishedExecution(
      db,
      t.id,
      { serverId: server.id, toolName: "rm", arguments: { path: "/" }, apiKeyId: apiKey.id },
      {
        status: "denied",
        errorCode: "tool_denied",
        errorMessage: "tool 'rm' is on the deny list",
        attempts: 0,
        durationMs: 0,
      },
    );
    const row = await getExecution(db, t.id, id);
    expect(row).toMatchObject({
      status: "denied",
      errorCode: "tool_denied",
      attempts: 0,
      durationMs: 0,
      apiKeyId: apiKey.id,
      arguments: { path: "/" },
    });
    expect(row?.finishedAt).toBeInstanceOf(Date);
    expect(await serverUsage(server.id)).toMatchObject({ totalCalls: 0, lastUsedAt: null });

    // A denied finish of a started row does not count either.
    const run = recordExecutionStart(db, t.id, { serverId: server.id, toolName: "add" });
    await run.done;
    await finishExecutionFast(db, t.id, run.id, {
      status: "denied",
      errorCode: "concurrency_limited",
      attempts: 0,
      durationMs: 3,
    });
    expect(await serverUsage(server.id)).toMatchObject({ totalCalls: 0 });
  });

  it("a call recorded only when it ended counts as the server's usage unless denied", async () => {
    const { t, server } = await fixture("fast-i");
    const finishedAt = new Date("2031-03-01T00:00:00.010Z");
    const id = await recordFinishedExecution(
      db,
      t.id,
      {
        serverId: server.id,
        toolName: "add",
        arguments: { a: 1 },
        startedAt: new Date("2031-03-01T00:00:00Z"),
      },
      { status: "succeeded", result: { n: 1 }, isError: false, attempts: 1, durationMs: 10, finishedAt },
    );
    expect(await getExecution(db, t.id, id)).toMatchObject({
      status: "succeeded",
      result: { n: 1 },
      durationMs: 10,
      finishedAt,
    });
    await recordFinishedExecution(
      db,
      t.id,
      { serverId: server.id, toolName: "add" },
      { status: "timed_out", errorCode: "timeout", attempts: 1, durationMs: 30 },
    );
    await recordFinishedExecution(
      db,
      t.id,
      { serverId: server.id, toolName: "add" },
      { status: "denied", errorCode: "tool_denied", attempts: 0, durationMs: 0 },
    );
    expect(await serverUsage(server.id)).toMatchObject({ totalCalls: 2, totalErrors: 1, avgLatencyMs: 20 });
  });

  it("ids deleted since the caller cached them are stored as NULL, not lost to a foreign key", async () => {
    const { t, server, agent, config, apiKey } = await fixture("fast-d");
    expect(await deleteServerConfig(db, t.id, config.id)).toBe(true);
    expect(await deleteAgent(db, t.id, agent.id)).toBe(true);
    const run = recordExecutionStart(db, t.id, {
      serverId: server.id,
      toolName: "add",
      configId: config.id,
      agentId: agent.id,
      apiKeyId: apiKey.id,
    });
    await run.done;
    expect(await getExecution(db, t.id, run.id)).toMatchObject({
      configId: null,
      agentId: null,
      apiKeyId: apiKey.id,
    });
  });

  it("many concurrent starts and finishes on one server keep the usage figures exact", async () => {
    const { t, server } = await fixture("fast-e");
    await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const run = recordExecutionStart(db, t.id, { serverId: server.id, toolName: "add" });
        await run.done;
        await finishExecutionFast(db, t.id, run.id, {
          status: i % 4 === 0 ? "failed" : "succeeded",
          attempts: 1,
          durationMs: 10,
        });
      }),
    );
    expect(await serverUsage(server.id)).toMatchObject({ totalCalls: 40, totalErrors: 10, avgLatencyMs: 10 });
    const counts = await db.prisma.mcpToolExecution.groupBy({
      by: ["status"],
      where: { serverId: server.id },
      _count: true,
    });
    expect(Object.fromEntries(counts.map((row) => [row.status, row._count]))).toEqual({
      failed: 10,
      succeeded: 30,
    });
  });

  it("stores hostile text exactly: quotes, backslashes, SQL, unicode", async () => {
    const { t, server } = await fixture("fast-g");
    const nasty = "it's \\ a '); DROP TABLE \"McpServer\"; -- naïve 🙂\n\t\\'";
    const run = recordExecutionStart(db, t.id, {
      serverId: server.id,
      toolName: nasty,
      arguments: { text: nasty, nested: [nasty, { q: '\\"' }] },
    });
    await run.done;
    await finishExecutionFast(db, t.id, run.id, {
      status: "failed",
      result: { content: [{ type: "text", text: nasty }], isError: true },
      isError: true,
      errorCode: nasty,
      errorMessage: nasty,
      attempts: 1,
      durationMs: 2,
    });
    expect(await getExecution(db, t.id, run.id)).toMatchObject({
      toolName: nasty,
      arguments: { text: nasty, nested: [nasty, { q: '\\"' }] },
      result: { content: [{ type: "text", text: nasty }], isError: true },
      errorCode: nasty,
      errorMessage: nasty,
    });
    expect(await db.prisma.mcpServer.count()).toBeGreaterThan(0);
  });

  it("keeps working after the session drops its prepared statements", async () => {
    const { t, server } = await fixture("fast-h");
    const first = recordExecutionStart(db, t.id, { serverId: server.id, toolName: "add" });
    await first.done;
    await db.query("DEALLOCATE ALL");
    const second = recordExecutionStart(db, t.id, { serverId: server.id, toolName: "add" });
    await second.done;
    await db.query("DEALLOCATE ALL");
    await finishExecutionFast(db, t.id, second.id, { status: "succeeded", attempts: 1, durationMs: 1 });
    expect(await getExecution(db, t.id, second.id)).toMatchObject({ status: "succeeded" });
  });

  it("leaves the session's plan_cache_mode as it was, after a statement that fails too", async () => {
    const { t, server } = await fixture("fast-k");
    await recordExecutionStart(db, t.id, { serverId: server.id, toolName: "add" }).done;
    // A server id that does not exist: the INSERT fails on its foreign key.
    const failed = recordExecutionStart(db, t.id, { serverId: "no-such-server", toolName: "add" }).done;
    await expect(failed).rejects.toThrow();
    const [row] = await db.query("SELECT current_setting('plan_cache_mode') AS mode");
    expect(row?.["mode"]).toBe("auto");
  });

  it("simpleQuery runs several statements in one round trip and answers the last rows", async () => {
    const rows = await db.simpleQuery("SET LOCAL statement_timeout = 5000; SELECT 1 AS a; SELECT 2 AS b");
    expect(rows).toEqual([{ b: 2 }]);
    expect(await db.simpleQuery("SET LOCAL statement_timeout = 5000")).toEqual([]);
  });

  it.runIf(kind.name === "pglite")(
    "finishes through the primary key even when its plan was made while the table was empty",
    async () => {
      // A database of its own, analyzed while empty (as the API's start-up maintenance does), so
      // the plan kept for the finish is made when a sequential scan looks cheapest.
      const fresh = await kind.open();
      try {
        await maintainEmbeddedDatabase(fresh);
        const t = await createTenant(fresh, { slug: "plan", name: "plan" });
        const server = await createServer(
          fresh,
          { tenantId: t.id },
          { slug: "calc", name: "C", transport: "stdio", command: "n" },
        );
        const first = recordExecutionStart(fresh, t.id, { serverId: server.id, toolName: "add" });
        await first.done;
        await finishExecutionFast(fresh, t.id, first.id, { status: "succeeded", attempts: 1, durationMs: 1 });
        // Then the table grows: running rows of one tenant, what a wrong scan would walk.
        const runs = Array.from({ length: 300 }, () =>
          recordExecutionStart(fresh, t.id, { serverId: server.id, toolName: "add" }),
        );
        await Promise.all(runs.map((run) => run.done));
        const [explained] = await fresh.simpleQuery(
          `SET LOCAL plan_cache_mode = force_generic_plan; SET LOCAL enable_seqscan = off; EXPLAIN (FORMAT JSON) EXECUTE mcp_audit_finish_execution_v1('${runs[1]!.id}', '${t.id}', 'succeeded', NULL, NULL, NULL, NULL, 1, 1, '2026-01-01T00:00:00Z', 0, TRUE)`,
        );
        const plan = JSON.stringify(explained);
        const scans = [...plan.matchAll(/"Index Name": ?"([^"]+)"/g)].map((match) => match[1]);
        expect(scans).toContain("McpToolExecution_pkey");
        expect(
          scans.filter((name) => name?.startsWith("McpToolExecution_") && name !== "McpToolExecution_pkey"),
        ).toEqual([]);
        expect(plan).not.toContain("Seq Scan");
      } finally {
        await fresh.close();
      }
    },
  );

  it("prepares a lost statement once when many calls find it lost at the same time", async () => {
    const { t, server } = await fixture("fast-m");
    await recordExecutionStart(db, t.id, { serverId: server.id, toolName: "add" }).done;
    await db.query("DEALLOCATE ALL");
    const runs = Array.from({ length: 20 }, () =>
      recordExecutionStart(db, t.id, { serverId: server.id, toolName: "add" }),
    );
    await Promise.all(runs.map((run) => run.done));
    expect(await db.prisma.mcpToolExecution.count({ where: { tenantId: t.id } })).toBe(21);
  });

  it("verifyApiKey with touch: false writes nothing; touchApiKey never moves lastUsedAt back", async () => {
    const { t } = await fixture("fast-f");
    const { plaintext, apiKey } = await createApiKey(db, { tenantId: t.id, name: "touch" });
    const verified = await verifyApiKey(db, plaintext, { touch: false });
    expect(verified?.apiKey.id).toBe(apiKey.id);
    const read = () => db.prisma.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect((await read()).lastUsedAt).toBeNull();
    const later = new Date("2031-02-01T00:00:00Z");
    await touchApiKey(db, apiKey.id, later);
    await touchApiKey(db, apiKey.id, new Date("2031-01-01T00:00:00Z"));
    expect((await read()).lastUsedAt).toEqual(later);
  });
});
