import { expect, it } from "vitest";
import { finishExecutionFast, recordExecutionStart } from "./access/execution-audit.js";
import { createServer } from "./access/servers.js";
import { createTenant } from "./access/tenants.js";
import type { Database } from "./database.js";
import { maintainEmbeddedDatabase } from "./maintenance.js";
import { describeEachDatabase, openDatabaseForSuite } from "./test-support/databases.js";

describeEachDatabase("maintainEmbeddedDatabase", (kind) => {
  let db: Database;
  openDatabaseForSuite(kind, (opened) => {
    db = opened;
  });

  // Catalog figures, not pg_stat (whose counters single-user mode does not keep current): pages
  // VACUUM marked all-visible, and the column statistics ANALYZE wrote.
  const auditStats = async () =>
    (
      await db.query(
        `SELECT c.relallvisible::int AS "allVisible",
                (SELECT count(*)::int FROM pg_stats WHERE tablename = 'McpToolExecution') AS "columnStats"
         FROM pg_class c WHERE c.relname = 'McpToolExecution'`,
      )
    )[0];

  it("vacuums and analyzes the embedded database, which has no autovacuum; leaves PostgreSQL to its own", async () => {
    const t = await createTenant(db, { slug: "maint", name: "M" });
    const server = await createServer(
      db,
      { tenantId: t.id },
      { slug: "calc", name: "C", transport: "stdio", command: "n" },
    );
    // Each finish updates its running row: one dead row version per call.
    for (let i = 0; i < 20; i++) {
      const run = recordExecutionStart(db, t.id, { serverId: server.id, toolName: "add" });
      await run.done;
      await finishExecutionFast(db, t.id, run.id, { status: "succeeded", attempts: 1, durationMs: 1 });
    }
    const before = await auditStats();
    const report = await maintainEmbeddedDatabase(db);
    if (kind.name === "postgresql") {
      expect(report).toEqual({ ran: false, durationMs: 0 });
      return;
    }
    expect(report.ran).toBe(true);
    expect(report.durationMs).toBeGreaterThan(0);
    expect(before).toEqual({ allVisible: 0, columnStats: 0 });
    const after = await auditStats();
    expect(after?.["allVisible"]).toBeGreaterThan(0);
    expect(after?.["columnStats"]).toBeGreaterThan(0);
  });
});
