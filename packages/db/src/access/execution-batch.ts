import type { Database } from "../database.js";
import type { ExecutionStatus } from "../generated/prisma/client.js";
import type { ExecutionStartRecord, FastExecutionOutcome } from "./execution-audit.js";
import { type HotStatement, runHotStatement } from "./hot-statement.js";
import { isTooDeepForJsonb, jsonbText, NOT_STORED_JSONB, needsCleaning, pgText } from "./pg-text.js";

/**
 * One finished tool call, complete, as a journal keeps it until it reaches the database: every
 * column of its audit row, timestamps as ISO text, JSON values already serialised.
 */
export interface FinishedExecutionRow {
  id: string;
  tenantId: string;
  serverId: string;
  toolName: string;
  /** The call's arguments as JSON text, or null. */
  arguments: string | null;
  configId: string | null;
  agentId: string | null;
  apiKeyId: string | null;
  status: Exclude<ExecutionStatus, "running">;
  /** The tool's result as JSON text, or null. */
  result: string | null;
  isError: boolean | null;
  errorCode: string | null;
  errorMessage: string | null;
  attempts: number;
  /** Whole milliseconds. */
  durationMs: number;
  /** ISO 8601, UTC. */
  startedAt: string;
  /** ISO 8601, UTC. */
  finishedAt: string;
}

// One statement for the whole batch, whatever its size: the rows travel as ONE jsonb parameter
// and `jsonb_to_recordset` turns them back into rows, so there is no parameter-count limit. It
// is a hot statement (prepared once, generic plan; see `runHotStatement`): planned on every
// batch it cost ~3.3 ms on PGlite, more than applying 30 rows. It is idempotent, which is what
// lets a journal replay a batch that may already have landed (a crash between the commit and
// the journal's unlink): ON CONFLICT skips ids already present, and the servers' usage figures
// are computed from the rows this statement actually inserted (its RETURNING), so a replay never
// counts a call twice. Optional foreign keys go through sub-selects as in `execution-audit.ts`:
// an id deleted since the call is stored as NULL, what ON DELETE SET NULL would have made of it.
const INSERT_FINISHED_BATCH: HotStatement = {
  name: "mcp_audit_insert_finished_batch_v1",
  types: ["jsonb"],
  sql: `
  WITH input AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(
      "id" text, "tenantId" text, "serverId" text, "toolName" text, "arguments" jsonb,
      "configId" text, "agentId" text, "apiKeyId" text, "status" text, "result" jsonb,
      "isError" boolean, "errorCode" text, "errorMessage" text, "attempts" int,
      "durationMs" int, "startedAt" timestamp, "finishedAt" timestamp)
  ), done AS (
    INSERT INTO "McpToolExecution" ("id", "tenantId", "serverId", "toolName", "arguments",
      "configId", "agentId", "apiKeyId", "status", "result", "isError", "errorCode",
      "errorMessage", "attempts", "durationMs", "startedAt", "finishedAt")
    SELECT r."id", r."tenantId", r."serverId", r."toolName", r."arguments",
      (SELECT c."id" FROM "McpServerConfig" c WHERE c."id" = r."configId"),
      (SELECT a."id" FROM "Agent" a WHERE a."id" = r."agentId"),
      (SELECT k."id" FROM "ApiKey" k WHERE k."id" = r."apiKeyId"),
      r."status"::"ExecutionStatus", r."result", r."isError", r."errorCode",
      r."errorMessage", r."attempts", r."durationMs", r."startedAt", r."finishedAt"
    FROM input r
    ON CONFLICT ("id") DO NOTHING
    RETURNING "serverId", "status", "isError", "durationMs", "finishedAt"
  ), usage AS (
    SELECT "serverId", count(*)::int AS "calls", sum("durationMs")::float8 AS "total",
      (count(*) FILTER (WHERE "status" <> 'succeeded' OR "isError" IS TRUE))::int AS "errors",
      max("finishedAt") AS "last"
    FROM done WHERE "status" <> 'denied' GROUP BY "serverId"
  ), counted AS (
    UPDATE "McpServer" AS s SET
      "avgLatencyMs" = (s."avgLatencyMs" * s."totalCalls" + u."total") / (s."totalCalls" + u."calls"),
      "totalCalls" = s."totalCalls" + u."calls",
      "totalErrors" = s."totalErrors" + u."errors",
      "lastUsedAt" = GREATEST(s."lastUsedAt", u."last")
    FROM usage u WHERE s."id" = u."serverId"
    RETURNING s."id"
  )
  SELECT (SELECT count(*) FROM done)::int AS "recorded"`,
};

/**
 * The JSON object of one row, with its arguments and result embedded as JSON values rather than
 * as strings holding JSON: no second escaping here and no second parse in the database. They are
 * JSON text made by `jsonbText` (or read back from a journal line as such).
 */
export function finishedRowJson(r: FinishedExecutionRow): string {
  const q = JSON.stringify;
  return (
    `{"id":${q(r.id)},"tenantId":${q(r.tenantId)},"serverId":${q(r.serverId)},"toolName":${q(r.toolName)},` +
    `"arguments":${r.arguments ?? "null"},"configId":${q(r.configId)},"agentId":${q(r.agentId)},` +
    `"apiKeyId":${q(r.apiKeyId)},"status":${q(r.status)},"result":${r.result ?? "null"},` +
    `"isError":${q(r.isError)},"errorCode":${q(r.errorCode)},"errorMessage":${q(r.errorMessage)},` +
    `"attempts":${q(r.attempts)},"durationMs":${q(r.durationMs)},"startedAt":${q(r.startedAt)},` +
    `"finishedAt":${q(r.finishedAt)}}`
  );
}

/**
 * Records finished tool calls in ONE statement (one implicit transaction): their audit rows and,
 * for every call that was not denied, the usage figures of its server (calls, errors, running
 * average latency, last use), aggregated per server. Idempotent: a row whose id is already
 * stored is skipped and not counted again, so a batch may be applied twice. Trusts the ids like
 * `recordFinishedExecution`. Returns how many rows were new.
 *
 * @example
 * const recorded = await recordFinishedExecutions(db, rowsFromTheJournal);
 */
export function recordFinishedExecutions(
  db: Database,
  rows: readonly FinishedExecutionRow[],
): Promise<number> {
  return recordFinishedRowsJson(db, rows.map(finishedRowJson));
}

/**
 * `recordFinishedExecutions` for rows already serialised by `finishedRowJson` (a journal keeps
 * its lines as text: they are not serialised a second time). Extra keys are ignored.
 */
export async function recordFinishedRowsJson(
  db: Database,
  rowsJson: readonly string[],
  options: { evenIfEmpty?: boolean } = {},
): Promise<number> {
  // An empty batch is run only on purpose: it tells whether the database takes this statement
  // at all (read-only, permissions, locks) without writing anything.
  if (rowsJson.length === 0 && !options.evenIfEmpty) return 0;
  const result = await runHotStatement(db, INSERT_FINISHED_BATCH, [`[${rowsJson.join(",")}]`]);
  return Number(result[0]?.["recorded"] ?? 0);
}

// The caller may have serialised the result already (to measure it); NUL and lone surrogates
// still have to go.
function resultText(outcome: FastExecutionOutcome): string | null {
  const text = outcome.resultJson;
  if (text === undefined || needsCleaning(text)) return jsonbText(outcome.result);
  if (isTooDeepForJsonb(outcome.result, text)) return NOT_STORED_JSONB;
  return text;
}

/**
 * The complete row of a call that ended, from what the executor knows when it started and how
 * it ended: ready for `recordFinishedExecutions` or for a journal line. Text PostgreSQL would
 * refuse (the NUL character, lone surrogates) is replaced by U+FFFD here, so the row cannot fail later for it.
 *
 * @example
 * const row = finishedExecutionRow(tenantId, { id, serverId, toolName: "add", startedAt }, { status: "succeeded", attempts: 1, durationMs: 2 });
 */
export function finishedExecutionRow(
  tenantId: string,
  input: ExecutionStartRecord & { id: string },
  outcome: FastExecutionOutcome,
): FinishedExecutionRow {
  const durationMs = Math.max(0, Math.round(outcome.durationMs));
  const finishedAt = outcome.finishedAt ?? new Date();
  const startedAt = input.startedAt ?? new Date(finishedAt.getTime() - durationMs);
  return {
    id: input.id,
    tenantId,
    serverId: input.serverId,
    toolName: pgText(input.toolName),
    arguments: jsonbText(input.arguments),
    configId: input.configId ?? null,
    agentId: input.agentId ?? null,
    apiKeyId: input.apiKeyId ?? null,
    status: outcome.status,
    result: resultText(outcome),
    isError: outcome.isError ?? null,
    errorCode: outcome.errorCode == null ? null : pgText(outcome.errorCode),
    errorMessage: outcome.errorMessage == null ? null : pgText(outcome.errorMessage),
    attempts: outcome.attempts,
    durationMs,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
  };
}
