import { expect, it } from "vitest";
import type { Database } from "../database.js";
import { describeEachDatabase, openDatabaseForSuite } from "../test-support/databases.js";
import { recordExecutionStart, recordFinishedExecution } from "./execution-audit.js";
import { getExecution } from "./executions.js";
import { closeInterruptedExecutions } from "./interrupted-executions.js";
import { createServer } from "./servers.js";
import { createTenant } from "./tenants.js";

describeEachDatabase("executions interrupted by a stopped process", (kind) => {
  let db: Database;
  openDatabaseForSuite(kind, (opened) => {
    db = opened;
  });

  it("closes running rows started before the cut-off, and nothing else", async () => {
    const t = await createTenant(db, { slug: "interrupted", name: "I" });
    const server = await createServer(
      db,
      { tenantId: t.id },
      { slug: "c", name: "C", transport: "stdio", command: "n" },
    );
    const old = recordExecutionStart(db, t.id, {
      serverId: server.id,
      toolName: "sleep",
      startedAt: new Date(Date.now() - 60_000),
    });
    await old.done;
    const cutOff = new Date(Date.now() - 1_000);
    const current = recordExecutionStart(db, t.id, { serverId: server.id, toolName: "sleep" });
    await current.done;
    const done = await recordFinishedExecution(
      db,
      t.id,
      { serverId: server.id, toolName: "add", startedAt: new Date(Date.now() - 120_000) },
      { status: "succeeded", attempts: 1, durationMs: 1 },
    );

    expect(await closeInterruptedExecutions(db, { startedBefore: cutOff })).toBe(1);
    const closed = await getExecution(db, t.id, old.id);
    expect(closed).toMatchObject({ status: "cancelled", errorCode: "interrupted", durationMs: null });
    expect(closed?.errorMessage).toMatch(/stopped while this call was running/);
    expect(closed?.finishedAt?.getTime()).toBeGreaterThanOrEqual(cutOff.getTime());
    expect(await getExecution(db, t.id, current.id)).toMatchObject({ status: "running" });
    expect(await getExecution(db, t.id, done)).toMatchObject({ status: "succeeded", errorCode: null });
    // Usage is left alone: the outcome is unknown.
    expect((await db.prisma.mcpServer.findUniqueOrThrow({ where: { id: server.id } })).totalCalls).toBe(1);
    expect(await closeInterruptedExecutions(db, { startedBefore: cutOff })).toBe(0);
  });
});
