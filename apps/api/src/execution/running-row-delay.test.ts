import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUNDLED_SERVER_COMMANDS } from "../security/launch-policy.js";
import { type ApiFixture, createApiFixture, createTenantViaApi } from "../test-support/api-fixture.js";
import { chaosServerBody } from "../test-support/chaos-server.js";

// MCP_AUDIT_RUNNING_ROW_DELAY_MS: a call shorter than the delay is one row with its final status;
// a longer one has its `running` row while it runs, then the finish, as without the delay.
describe("audit with a running-row delay", { timeout: 120_000 }, () => {
  let fixture: ApiFixture;
  let tenant: { id: string; slug: string; adminKey: string };

  beforeAll(async () => {
    fixture = await createApiFixture({
      runningRowDelayMs: 300,
      allowedCommands: [...BUNDLED_SERVER_COMMANDS, process.execPath],
    });
    tenant = await createTenantViaApi(fixture, "delayed");
    const chaos = await fixture.call("POST", "/v1/mcp/servers", { body: chaosServerBody("delay-test") });
    expect(chaos.status).toBe(201);
  }, 300_000);
  afterAll(async () => {
    await fixture?.close();
  });

  // Reads straight from the database, so the audit journal's waiting rows are applied first, as
  // the API's own read routes do.
  const rowsOf = async (status?: "running") => {
    await fixture.platform.executor.flushAudit();
    return fixture.db.prisma.mcpToolExecution.findMany({
      where: { tenantId: tenant.id, ...(status ? { status } : {}) },
    });
  };
  const usageOf = async (slug: string) => {
    await fixture.platform.executor.flushAudit();
    return (await fixture.db.prisma.mcpServer.findFirstOrThrow({ where: { slug, ownerKey: "global" } }))
      .totalCalls;
  };

  it("a short call is one row with its final status, counted as the server's usage", async () => {
    const calls = await usageOf("calculator");
    const res = await fixture.call("POST", "/v1/mcp/execute", {
      key: tenant.adminKey,
      body: { server_id: "calculator", tool: "add", arguments: { a: 2, b: 3 } },
    });
    expect(res.status).toBe(200);
    const rows = await rowsOf();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: res.body.execution_id, status: "succeeded", attempts: 1 });
    expect(rows[0]?.finishedAt).toBeInstanceOf(Date);
    expect(await usageOf("calculator")).toBe(calls + 1);
  });

  it("a call still running after the delay has its running row, then is finished", async () => {
    // Start the chaos server first, so the measured call is the tool's sleep alone.
    await fixture.call("POST", "/v1/mcp/execute", {
      key: tenant.adminKey,
      body: { server_id: "chaos", tool: "sleep", arguments: { ms: 1 } },
    });
    const slow = fixture.call("POST", "/v1/mcp/execute", {
      key: tenant.adminKey,
      body: { server_id: "chaos", tool: "sleep", arguments: { ms: 1_500 } },
    });
    let running: Awaited<ReturnType<typeof rowsOf>> = [];
    for (let i = 0; i < 40 && running.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      running = await rowsOf("running");
    }
    expect(running).toHaveLength(1);
    const res = await slow;
    expect(res.status).toBe(200);
    expect(res.body.execution_id).toBe(running[0]?.id);
    expect(await rowsOf("running")).toHaveLength(0);
    const row = await fixture.db.prisma.mcpToolExecution.findUniqueOrThrow({
      where: { id: res.body.execution_id },
    });
    expect(row.status).toBe("succeeded");
  });

  // Last: it closes the platform's journal.
  it("a call whose journal append fails is recorded in the database directly, before the answer", async () => {
    const journal = fixture.platform.auditJournal;
    expect(journal).toBeDefined();
    await journal?.close();
    const res = await fixture.call("POST", "/v1/mcp/execute", {
      key: tenant.adminKey,
      body: { server_id: "calculator", tool: "add", arguments: { a: 4, b: 4 } },
    });
    expect(res.status).toBe(200);
    // No flush: nothing waits in a journal, the row is in the database already.
    const row = await fixture.db.prisma.mcpToolExecution.findUnique({ where: { id: res.body.execution_id } });
    expect(row).toMatchObject({ status: "succeeded" });
  });
});
