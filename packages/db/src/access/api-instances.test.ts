import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import type { Database } from "../database.js";
import { describeEachDatabase, openDatabaseForSuite } from "../test-support/databases.js";
import { closeAbandonedExecutions, heartbeatApiInstance, removeApiInstance } from "./api-instances.js";
import { recordExecutionStart, recordFinishedExecution } from "./execution-audit.js";
import { getExecution } from "./executions.js";
import { createServer } from "./servers.js";
import { createTenant } from "./tenants.js";

describeEachDatabase("API instances and the calls of the ones that died", (kind) => {
  let db: Database;
  openDatabaseForSuite(kind, (opened) => {
    db = opened;
  });

  const instance = (host: string) => ({ id: randomUUID(), host, pid: 4242 });
  // What a heartbeat that stopped `seconds` ago looks like.
  const silence = (id: string, seconds: number) =>
    db.query(
      `UPDATE "ApiInstance" SET "heartbeatAt" = "heartbeatAt" - make_interval(secs => $2::float8) WHERE "id" = $1`,
      [id, seconds],
    );

  const tenantWithServer = async (slug: string) => {
    const t = await createTenant(db, { slug, name: slug });
    const server = await createServer(
      db,
      { tenantId: t.id },
      { slug: "c", name: "C", transport: "stdio", command: "n" },
    );
    return { t, server };
  };

  it("closes the running calls of an instance whose heartbeat stopped, once, and nothing else", async () => {
    const { t, server } = await tenantWithServer("instances");
    const [dead, alive] = [instance("a"), instance("b")];
    await heartbeatApiInstance(db, dead);
    await heartbeatApiInstance(db, alive);
    const start = async (instanceId: string | null) => {
      const run = recordExecutionStart(db, t.id, { serverId: server.id, toolName: "sleep", instanceId });
      await run.done;
      return run.id;
    };
    const [ofDead, ofAlive, ofNobody] = [await start(dead.id), await start(alive.id), await start(null)];
    const finished = await recordFinishedExecution(
      db,
      t.id,
      { serverId: server.id, toolName: "add", instanceId: dead.id },
      { status: "succeeded", attempts: 1, durationMs: 1 },
    );

    await silence(dead.id, 120);
    await silence(alive.id, 20);
    expect(await closeAbandonedExecutions(db, { staleAfterMs: 60_000 })).toEqual({
      instances: 1,
      executions: 1,
    });
    const closed = await getExecution(db, t.id, ofDead);
    expect(closed).toMatchObject({ status: "cancelled", errorCode: "interrupted", durationMs: null });
    expect(closed?.errorMessage).toMatch(/instance running this call stopped/);
    expect(await getExecution(db, t.id, ofAlive)).toMatchObject({ status: "running" });
    expect(await getExecution(db, t.id, ofNobody)).toMatchObject({ status: "running" });
    expect(await getExecution(db, t.id, finished)).toMatchObject({ status: "succeeded" });
    const stored = await db.prisma.mcpToolExecution.findMany({ where: { id: { in: [ofDead, finished] } } });
    expect(Object.fromEntries(stored.map((row) => [row.id, row.instanceId]))).toEqual({
      [ofDead]: dead.id,
      [finished]: null,
    });
    expect((await db.prisma.apiInstance.findMany()).map((row) => row.id)).toEqual([alive.id]);
    // Usage is left alone (the outcome is unknown), and a second sweep finds nothing.
    expect((await db.prisma.mcpServer.findUniqueOrThrow({ where: { id: server.id } })).totalCalls).toBe(1);
    expect(await closeAbandonedExecutions(db, { staleAfterMs: 60_000 })).toEqual({
      instances: 0,
      executions: 0,
    });

    // An instance that was only paused comes back with its next heartbeat; a clean stop leaves,
    // closing a row of its own still `running` (a finish that was lost): nothing else would.
    await heartbeatApiInstance(db, dead);
    await heartbeatApiInstance(db, alive);
    expect(await db.prisma.apiInstance.count()).toBe(2);
    expect(await removeApiInstance(db, dead.id)).toBe(0);
    expect(await removeApiInstance(db, alive.id)).toBe(1);
    expect(await getExecution(db, t.id, ofAlive)).toMatchObject({
      status: "cancelled",
      errorCode: "interrupted",
    });
    expect(await getExecution(db, t.id, ofNobody)).toMatchObject({ status: "running" });
    expect(await db.prisma.apiInstance.count()).toBe(0);
  });

  it("closes old running rows of an instance that has no row any more, not recent ones", async () => {
    // An instance swept while paused, that then died before its next heartbeat re-registered it.
    const { t, server } = await tenantWithServer("vanished");
    const start = async (startedAt: Date) => {
      const run = recordExecutionStart(db, t.id, {
        serverId: server.id,
        toolName: "sleep",
        instanceId: "vanished",
        startedAt,
      });
      await run.done;
      return run.id;
    };
    const old = await start(new Date(Date.now() - 120_000));
    const recent = await start(new Date());
    expect(await closeAbandonedExecutions(db, { staleAfterMs: 60_000 })).toEqual({
      instances: 0,
      executions: 1,
    });
    expect(await getExecution(db, t.id, old)).toMatchObject({
      status: "cancelled",
      errorCode: "interrupted",
    });
    expect(await getExecution(db, t.id, recent)).toMatchObject({ status: "running" });
  });

  it("finds running rows through the partial index, never by reading the finished ones", async () => {
    const [explained] = await db.simpleQuery(
      `SET LOCAL enable_seqscan = off; EXPLAIN (FORMAT JSON) SELECT "id" FROM "McpToolExecution" WHERE "status" = 'running' AND "instanceId" IN ('x', 'y')`,
    );
    expect(JSON.stringify(explained)).toContain("McpToolExecution_running_instanceId_idx");
  });
});
