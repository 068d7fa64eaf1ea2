import { randomUUID } from "node:crypto";
import type { Database } from "../database.js";
import { DbError } from "../errors.js";
import type { ExecutionStatus } from "../generated/prisma/client.js";
import { type HotStatement, runHotStatement } from "./hot-statement.js";
import { jsonbText, pgText } from "./pg-text.js";

// The audit path of a platform that executes tools: one round trip per write, no re-reads. The
// caller (the API's executor) has just resolved the server, agent, config and key for this
// tenant, so unlike `startExecution` these functions trust the ids instead of checking them
// again; `startExecution`/`finishExecution` keep their checks for every other caller.

/** What a trusted caller knows when a tool call starts. */
export interface ExecutionStartRecord {
  /** The row's id; generated when absent, so the caller can know it before the insert lands. */
  id?: string;
  serverId: string;
  toolName: string;
  arguments?: unknown;
  configId?: string | null;
  agentId?: string | null;
  apiKeyId?: string | null;
  startedAt?: Date;
  /**
   * The API instance running the call (`heartbeatApiInstance`), stored with its `running` row so
   * that other instances can close the row if this one dies. Rows recorded only once finished
   * never need it and do not store it.
   */
  instanceId?: string | null;
}

/** How a call ended, for the one-statement finish. */
export interface FastExecutionOutcome {
  status: Exclude<ExecutionStatus, "running">;
  result?: unknown;
  /** `JSON.stringify(result)`, when the caller has it already (saves serialising it again). */
  resultJson?: string;
  isError?: boolean | null;
  errorCode?: string | null;
  errorMessage?: string | null;
  attempts: number;
  /** Milliseconds the call took as the caller measured it. */
  durationMs: number;
  finishedAt?: Date;
}

// NUL, which PostgreSQL refuses in text and jsonb, becomes U+FFFD (pg-text.ts): an audit row
// must not fail because of what a call contained.
const json = jsonbText;
const text = (value: string | null | undefined) => (value == null ? null : pgText(value));
// Timestamps go as ISO text: a `timestamp` column ignores the trailing Z, so the stored wall
// time is UTC, as Prisma stores it, whatever the driver's or the server's time zone.
const iso = (date: Date | null) => (date ? date.toISOString() : null);

// These statements run through the database's own driver (`db.query`), not Prisma: on the
// embedded PGlite a Prisma round trip costs several times the query itself, and this is the
// one path that runs twice per tool call; on PGlite they are also prepared once (see
// `runHotStatement`). PGlite runs a driver query only between Prisma's transactions, and on
// PostgreSQL each query takes a pool connection of its own.

// Optional foreign keys go through a sub-select by primary key: an id that was deleted since
// the caller cached it (another instance removed a config, an agent or a key) is stored as NULL,
// exactly what the ON DELETE SET NULL of those keys would have made of it, instead of losing
// the audit row to a foreign-key error after the tool has already run.
const INSERT_EXECUTION: HotStatement = {
  name: "mcp_audit_insert_execution_v2",
  types: [
    "text",
    "text",
    "text",
    "text",
    "jsonb",
    "text",
    "text",
    "text",
    '"ExecutionStatus"',
    "jsonb",
    "boolean",
    "text",
    "text",
    "int",
    "int",
    "timestamp",
    "timestamp",
    "text",
  ],
  sql: `
  INSERT INTO "McpToolExecution" ("id", "tenantId", "serverId", "toolName", "arguments",
    "configId", "agentId", "apiKeyId", "status", "result", "isError", "errorCode",
    "errorMessage", "attempts", "durationMs", "startedAt", "finishedAt", "instanceId")
  VALUES ($1, $2, $3, $4, $5::jsonb,
    (SELECT "id" FROM "McpServerConfig" WHERE "id" = $6::text),
    (SELECT "id" FROM "Agent" WHERE "id" = $7::text),
    (SELECT "id" FROM "ApiKey" WHERE "id" = $8::text),
    $9::"ExecutionStatus", $10::jsonb, $11::boolean, $12::text, $13::text, $14::int, $15::int,
    $16::timestamp, $17::timestamp, $18::text)`,
};

// A call recorded only when it ended: the row with its final status and, unless denied, the
// server's usage figures, in one statement like the finish.
const INSERT_FINISHED_EXECUTION: HotStatement = {
  name: "mcp_audit_insert_finished_execution_v2",
  types: [...INSERT_EXECUTION.types, "int", "boolean"],
  sql: `
  WITH done AS (${INSERT_EXECUTION.sql}
    RETURNING "serverId", "durationMs", "finishedAt"
  ), usage AS (
    UPDATE "McpServer" AS s SET
      "avgLatencyMs" = (s."avgLatencyMs" * s."totalCalls" + done."durationMs") / (s."totalCalls" + 1),
      "totalCalls" = s."totalCalls" + 1,
      "totalErrors" = s."totalErrors" + $19::int,
      "lastUsedAt" = done."finishedAt"
    FROM done WHERE s."id" = done."serverId" AND $20::boolean
    RETURNING s."id"
  )
  SELECT count(*)::int AS "recorded" FROM done`,
};

async function insertExecution(
  db: Database,
  tenantId: string,
  row: ExecutionStartRecord & { id: string; startedAt: Date },
  final: FastExecutionOutcome | null,
): Promise<void> {
  const finishedAt = final ? (final.finishedAt ?? new Date()) : null;
  const usage = final
    ? [final.status !== "succeeded" || final.isError === true ? 1 : 0, final.status !== "denied"]
    : [];
  await runHotStatement(db, final ? INSERT_FINISHED_EXECUTION : INSERT_EXECUTION, [
    row.id,
    tenantId,
    row.serverId,
    text(row.toolName),
    json(row.arguments),
    row.configId ?? null,
    row.agentId ?? null,
    row.apiKeyId ?? null,
    final?.status ?? "running",
    json(final?.result),
    final?.isError ?? null,
    text(final?.errorCode),
    text(final?.errorMessage),
    final?.attempts ?? 1,
    final ? Math.max(0, Math.round(final.durationMs)) : null,
    iso(row.startedAt),
    iso(finishedAt),
    final ? null : (row.instanceId ?? null),
    ...usage,
  ]);
}

// The tenant and status guards use IS NOT DISTINCT FROM (the same test here: neither side is
// NULL), which no index serves, so the generic plan this statement runs with (runHotStatement)
// always reaches the row by its primary key. With plain `=`, a table without statistics made the
// (tenantId, status) index look as cheap, and the guard then walked every running row of the
// tenant.
// Data-modifying CTEs run exactly once and see each other's RETURNING, so the usage update
// touches the server only when the guarded update finished a running row; the whole statement
// is one implicit transaction.
const FINISH_EXECUTION: HotStatement = {
  name: "mcp_audit_finish_execution_v1",
  types: [
    "text",
    "text",
    '"ExecutionStatus"',
    "jsonb",
    "boolean",
    "text",
    "text",
    "int",
    "int",
    "timestamp",
    "int",
    "boolean",
  ],
  sql: `
  WITH done AS (
    UPDATE "McpToolExecution" SET
      "status" = $3::"ExecutionStatus", "result" = $4::jsonb, "isError" = $5::boolean,
      "errorCode" = $6::text, "errorMessage" = $7::text, "attempts" = $8::int,
      "durationMs" = $9::int, "finishedAt" = $10::timestamp
    WHERE "id" = $1 AND "tenantId" IS NOT DISTINCT FROM $2
      AND "status" IS NOT DISTINCT FROM 'running'::"ExecutionStatus"
    RETURNING "serverId"
  ), usage AS (
    UPDATE "McpServer" AS s SET
      "avgLatencyMs" = (s."avgLatencyMs" * s."totalCalls" + $9::int) / (s."totalCalls" + 1),
      "totalCalls" = s."totalCalls" + 1,
      "totalErrors" = s."totalErrors" + $11::int,
      "lastUsedAt" = $10::timestamp
    FROM done WHERE s."id" = done."serverId" AND $12::boolean
    RETURNING s."id"
  )
  SELECT (SELECT count(*) FROM done)::int AS "finished"`,
};

/**
 * Records the start of a tool call (status `running`) in one INSERT, trusting the caller that
 * the server, config, agent and key are this tenant's (use `startExecution` otherwise). Returns
 * the id and start time, which the caller may use before the promise settles: start it, run the
 * call, and await it before `finishExecutionFast`.
 *
 * @example
 * const started = recordExecutionStart(db, t.id, { serverId: s.id, toolName: "add", arguments: { a: 1 } });
 * const result = await callTheTool();
 * await started.done;
 * await finishExecutionFast(db, t.id, started.id, { status: "succeeded", result, attempts: 1, durationMs: 3 });
 */
export function recordExecutionStart(
  db: Database,
  tenantId: string,
  input: ExecutionStartRecord,
): { id: string; startedAt: Date; done: Promise<void> } {
  const id = input.id ?? randomUUID();
  const startedAt = input.startedAt ?? new Date();
  const done = insertExecution(db, tenantId, { ...input, id, startedAt }, null);
  return { id, startedAt, done };
}

/**
 * Records a call as one INSERT with its final status, when no `running` row was written for it:
 * a denial, or a call that ended before its `running` row was due. Unless denied, the server's
 * usage figures are updated in the same statement, as `finishExecutionFast` does. Trusts the
 * ids like `recordExecutionStart`. Returns the row's id.
 *
 * @example
 * await recordFinishedExecution(db, t.id, { serverId: s.id, toolName: "rm" }, { status: "denied", errorCode: "tool_denied", attempts: 0, durationMs: 0 });
 */
export async function recordFinishedExecution(
  db: Database,
  tenantId: string,
  input: ExecutionStartRecord,
  outcome: FastExecutionOutcome,
): Promise<string> {
  const id = input.id ?? randomUUID();
  const finishedAt = outcome.finishedAt ?? new Date();
  const startedAt = input.startedAt ?? new Date(finishedAt.getTime() - outcome.durationMs);
  await insertExecution(db, tenantId, { ...input, id, startedAt }, { ...outcome, finishedAt });
  return id;
}

/**
 * Finishes a running call in ONE statement: the execution row, guarded by `status = 'running'`
 * (a second finish is a `DbError("conflict")`, an unknown or other tenant's id too), and, unless
 * the call was denied, the server's usage figures (calls, errors, running average latency, last
 * use), both in the statement's single implicit transaction. Unlike `finishExecution` it takes
 * the duration from the caller and returns nothing, so it needs no read before or after.
 *
 * @example
 * await finishExecutionFast(db, t.id, id, { status: "failed", errorCode: "timeout", attempts: 1, durationMs: 60_000 });
 */
export async function finishExecutionFast(
  db: Database,
  tenantId: string,
  id: string,
  outcome: FastExecutionOutcome,
): Promise<void> {
  if ((outcome.status as string) === "running")
    throw new DbError("invalid", "a finished call cannot be running");
  const finishedAt = outcome.finishedAt ?? new Date();
  const durationMs = Math.max(0, Math.round(outcome.durationMs));
  const failed = outcome.status !== "succeeded" || outcome.isError === true ? 1 : 0;
  // Denied calls never reached the server: audited, not counted as its usage.
  const counted = outcome.status !== "denied";
  const rows = await runHotStatement(db, FINISH_EXECUTION, [
    id,
    tenantId,
    outcome.status,
    json(outcome.result),
    outcome.isError ?? null,
    text(outcome.errorCode),
    text(outcome.errorMessage),
    outcome.attempts,
    durationMs,
    iso(finishedAt),
    failed,
    counted,
  ]);
  if (Number(rows[0]?.["finished"] ?? 0) === 0) {
    throw new DbError(
      "conflict",
      "no running execution with this id (unknown, another tenant's or finished)",
    );
  }
}
