import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import type { Database } from "../database.js";
import { describeEachDatabase, openDatabaseForSuite } from "../test-support/databases.js";
import { createAgent, deleteAgent } from "./agents.js";
import { createApiKey } from "./api-keys.js";
import { upsertServerConfig } from "./configs.js";
import type { FastExecutionOutcome } from "./execution-audit.js";
import { finishedExecutionRow, recordFinishedExecutions } from "./execution-batch.js";
import { getExecution } from "./executions.js";
import { MAX_JSONB_DEPTH } from "./pg-text.js";
import { createServer } from "./servers.js";
import { createTenant } from "./tenants.js";

describeEachDatabase("finished executions recorded in batches", (kind) => {
  let db: Database;
  openDatabaseForSuite(kind, (opened) => {
    db = opened;
  });

  async function fixture(slug: string) {
    const t = await createTenant(db, { slug, name: slug });
    const owner = { tenantId: t.id };
    const calc = await createServer(db, owner, { slug: "calc", name: "C", transport: "stdio", command: "n" });
    const files = await createServer(db, owner, { slug: "fs", name: "F", transport: "stdio", command: "n" });
    return { t, calc, files };
  }

  const usage = (id: string) =>
    db.prisma.mcpServer.findUniqueOrThrow({
      where: { id },
      select: { totalCalls: true, totalErrors: true, avgLatencyMs: true, lastUsedAt: true },
    });

  const at = (ms: number) => new Date(Date.UTC(2031, 4, 1) + ms);

  it("one statement records every row and each server's usage, aggregated", async () => {
    const { t, calc, files } = await fixture("batch-a");
    const agent = await createAgent(db, t.id, { name: "a" });
    const config = await upsertServerConfig(db, t.id, { serverId: calc.id });
    const { apiKey } = await createApiKey(db, { tenantId: t.id, name: "k" });
    const row = (serverId: string, ms: number, outcome: Omit<FastExecutionOutcome, "durationMs">) =>
      finishedExecutionRow(
        t.id,
        {
          id: randomUUID(),
          serverId,
          toolName: "add",
          arguments: { a: ms },
          agentId: agent.id,
          apiKeyId: apiKey.id,
        },
        { ...outcome, durationMs: ms, finishedAt: at(ms) },
      );
    const rows = [
      row(calc.id, 10, { status: "succeeded", result: { n: 1 }, isError: false, attempts: 1 }),
      row(calc.id, 30, { status: "failed", isError: true, errorCode: "tool_error", attempts: 1 }),
      row(calc.id, 0, { status: "denied", errorCode: "tool_denied", attempts: 0 }),
      row(files.id, 7, { status: "timed_out", errorCode: "timeout", attempts: 2 }),
    ];
    rows[0] = { ...rows[0]!, configId: config.id };
    expect(await recordFinishedExecutions(db, rows)).toBe(4);

    expect(await getExecution(db, t.id, rows[0]!.id)).toMatchObject({
      status: "succeeded",
      result: { n: 1 },
      arguments: { a: 10 },
      configId: config.id,
      agentId: agent.id,
      apiKeyId: apiKey.id,
      durationMs: 10,
      startedAt: at(0),
      finishedAt: at(10),
    });
    expect(await getExecution(db, t.id, rows[2]!.id)).toMatchObject({ status: "denied", attempts: 0 });
    // Denials are audited, never counted as the server's usage.
    expect(await usage(calc.id)).toEqual({
      totalCalls: 2,
      totalErrors: 1,
      avgLatencyMs: 20,
      lastUsedAt: at(30),
    });
    expect(await usage(files.id)).toEqual({
      totalCalls: 1,
      totalErrors: 1,
      avgLatencyMs: 7,
      lastUsedAt: at(7),
    });

    // Added to what was there, as a running average over every call.
    await recordFinishedExecutions(db, [row(calc.id, 50, { status: "succeeded", attempts: 1 })]);
    expect(await usage(calc.id)).toMatchObject({ totalCalls: 3, totalErrors: 1, avgLatencyMs: 30 });
  });

  it("is idempotent: a batch applied twice adds no row and counts no call twice", async () => {
    const { t, calc } = await fixture("batch-b");
    const rows = Array.from({ length: 50 }, (_, i) =>
      finishedExecutionRow(
        t.id,
        { id: randomUUID(), serverId: calc.id, toolName: "add" },
        { status: "succeeded", attempts: 1, durationMs: i },
      ),
    );
    expect(await recordFinishedExecutions(db, rows.slice(0, 20))).toBe(20);
    // A replay of the whole batch after the first part had landed.
    expect(await recordFinishedExecutions(db, rows)).toBe(30);
    expect(await recordFinishedExecutions(db, rows)).toBe(0);
    expect(await db.prisma.mcpToolExecution.count({ where: { tenantId: t.id } })).toBe(50);
    expect(await usage(calc.id)).toMatchObject({ totalCalls: 50, totalErrors: 0, avgLatencyMs: 24.5 });
  });

  it("stores ids deleted since the call as NULL, and NUL characters as U+FFFD", async () => {
    const { t, calc } = await fixture("batch-c");
    const agent = await createAgent(db, t.id, { name: "gone" });
    await deleteAgent(db, t.id, agent.id);
    const hostile = 'a\u0000b\'); DROP TABLE "McpServer"; --\\u0000';
    const row = finishedExecutionRow(
      t.id,
      {
        id: randomUUID(),
        serverId: calc.id,
        toolName: `x\u0000`,
        arguments: { [`k\u0000`]: hostile },
        agentId: agent.id,
      },
      {
        status: "failed",
        errorCode: "protocol_error",
        errorMessage: `bad\u0000`,
        attempts: 1,
        durationMs: 1,
      },
    );
    expect(await recordFinishedExecutions(db, [row])).toBe(1);
    expect(await getExecution(db, t.id, row.id)).toMatchObject({
      agentId: null,
      toolName: "x\uFFFD",
      errorMessage: "bad\uFFFD",
      arguments: { "k\uFFFD": 'a\uFFFDb\'); DROP TABLE "McpServer"; --\\u0000' },
    });
    expect(await db.prisma.mcpServer.count()).toBeGreaterThan(0);
  });

  it("stores a value nested too deep for the database as a note saying so, instead of failing the row", async () => {
    const { t, calc } = await fixture("batch-deep");
    const nested = (levels: number) => {
      let value: unknown = 1;
      for (let i = 0; i < levels; i++) value = [value];
      return value;
    };
    // 2,000 levels: serialisable, but PGlite would stop answering near 6,000 and PostgreSQL
    // fails at its stack depth limit; 100,000: JSON.stringify itself overflows the stack.
    const row = finishedExecutionRow(
      t.id,
      { id: randomUUID(), serverId: calc.id, toolName: "deep", arguments: { a: nested(2_000) } },
      { status: "succeeded", result: nested(100_000), attempts: 1, durationMs: 1 },
    );
    const fine = finishedExecutionRow(
      t.id,
      {
        id: randomUUID(),
        serverId: calc.id,
        toolName: "fine",
        arguments: { a: nested(MAX_JSONB_DEPTH - 1) },
      },
      { status: "succeeded", attempts: 1, durationMs: 1 },
    );
    expect(await recordFinishedExecutions(db, [row, fine])).toBe(2);
    expect(await getExecution(db, t.id, row.id)).toMatchObject({
      arguments: { $notStored: `nested deeper than ${MAX_JSONB_DEPTH} levels` },
      result: { $notStored: "too deep or too large to serialise" },
    });
    expect(JSON.stringify((await getExecution(db, t.id, fine.id))?.arguments)).toMatch(/^\{"a":\[\[\[/);
  });

  it("refuses the whole batch, changing nothing, when one row names a server that does not exist", async () => {
    const { t, calc } = await fixture("batch-d");
    const good = finishedExecutionRow(
      t.id,
      { id: randomUUID(), serverId: calc.id, toolName: "add" },
      { status: "succeeded", attempts: 1, durationMs: 1 },
    );
    const orphan = { ...good, id: randomUUID(), serverId: "no-such-server" };
    await expect(recordFinishedExecutions(db, [good, orphan])).rejects.toMatchObject({ code: "23503" });
    expect(await getExecution(db, t.id, good.id)).toBeNull();
    expect(await usage(calc.id)).toMatchObject({ totalCalls: 0 });
  });
});
