import type { Database } from "../database.js";
import { DbError } from "../errors.js";
import type { ExecutionStatus, McpToolExecution, Prisma } from "../generated/prisma/client.js";
import { visibleTo } from "./servers.js";

/** What is known when a tool call starts. */
export interface StartExecutionInput {
  serverId: string;
  toolName: string;
  arguments?: unknown;
  configId?: string | null;
  agentId?: string | null;
  apiKeyId?: string | null;
  startedAt?: Date;
}

/** How a tool call ended. */
export interface ExecutionOutcome {
  status: Exclude<ExecutionStatus, "running">;
  result?: unknown;
  isError?: boolean | null;
  errorCode?: string | null;
  errorMessage?: string | null;
  attempts?: number;
  finishedAt?: Date;
}

/** Filters and page of `listExecutions`. */
export interface ListExecutionsOptions {
  serverId?: string;
  toolName?: string;
  status?: ExecutionStatus;
  agentId?: string;
  apiKeyId?: string;
  /** Started at or after. */
  since?: Date;
  /** Started before. */
  until?: Date;
  /** Page size, 1-200 (default 50). */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

const MAX_PAGE = 200;

/**
 * Records the start of a tool call (status `running`). The server must be visible to the
 * tenant; the agent, config and API key must be the tenant's (a platform admin key is allowed).
 *
 * @example
 * const run = await startExecution(db, t.id, { serverId: s.id, toolName: "add", arguments: { a: 1, b: 2 } });
 */
export async function startExecution(
  db: Database,
  tenantId: string,
  input: StartExecutionInput,
): Promise<McpToolExecution> {
  const [server, agent, config, apiKey] = await Promise.all([
    db.prisma.mcpServer.findFirst({ where: { AND: [visibleTo(tenantId), { id: input.serverId }] } }),
    input.agentId ? db.prisma.agent.findFirst({ where: { id: input.agentId, tenantId } }) : true,
    input.configId ? db.prisma.mcpServerConfig.findFirst({ where: { id: input.configId, tenantId } }) : true,
    input.apiKeyId
      ? db.prisma.apiKey.findFirst({ where: { id: input.apiKeyId, OR: [{ tenantId }, { tenantId: null }] } })
      : true,
  ]);
  if (!server) throw new DbError("not_found", "no such server");
  if (!agent) throw new DbError("not_found", "no such agent");
  if (!config) throw new DbError("not_found", "no such config");
  if (!apiKey) throw new DbError("not_found", "no such API key");
  return db.prisma.mcpToolExecution.create({
    data: {
      tenantId,
      serverId: input.serverId,
      toolName: input.toolName,
      arguments: (input.arguments ?? undefined) as Prisma.InputJsonValue | undefined,
      configId: input.configId ?? null,
      agentId: input.agentId ?? null,
      apiKeyId: input.apiKeyId ?? null,
      startedAt: input.startedAt ?? new Date(),
    },
  });
}

/**
 * Finishes a running tool call, once: records the outcome and duration and, in the same
 * transaction, the server's usage figures (calls, errors, running average latency, last use).
 * A second finish is a `DbError("conflict")`; another tenant's execution is `not_found`.
 *
 * @example
 * await finishExecution(db, t.id, run.id, { status: "succeeded", result, isError: false });
 */
export async function finishExecution(
  db: Database,
  tenantId: string,
  id: string,
  outcome: ExecutionOutcome,
): Promise<McpToolExecution> {
  if ((outcome.status as string) === "running")
    throw new DbError("invalid", "a finished call cannot be running");
  return db.prisma.$transaction(async (tx) => {
    const current = await tx.mcpToolExecution.findFirst({ where: { id, tenantId } });
    if (!current) throw new DbError("not_found", "no such execution");
    const finishedAt = outcome.finishedAt ?? new Date();
    const durationMs = Math.max(0, finishedAt.getTime() - current.startedAt.getTime());
    // The status guard makes finishing once a database fact, not a read-then-write race.
    const { count } = await tx.mcpToolExecution.updateMany({
      where: { id, tenantId, status: "running" },
      data: {
        status: outcome.status,
        result: (outcome.result ?? undefined) as Prisma.InputJsonValue | undefined,
        isError: outcome.isError ?? null,
        errorCode: outcome.errorCode ?? null,
        errorMessage: outcome.errorMessage ?? null,
        attempts: outcome.attempts ?? current.attempts,
        durationMs,
        finishedAt,
      },
    });
    if (count === 0) throw new DbError("conflict", "this execution has already finished");
    const failed = outcome.status !== "succeeded" || outcome.isError === true ? 1 : 0;
    // Denied calls never reached the server: they are audited but not counted as its usage.
    if (outcome.status !== "denied") {
      await tx.$executeRaw`
        UPDATE "McpServer" SET
          "avgLatencyMs" = ("avgLatencyMs" * "totalCalls" + ${durationMs}) / ("totalCalls" + 1),
          "totalCalls" = "totalCalls" + 1,
          "totalErrors" = "totalErrors" + ${failed},
          "lastUsedAt" = ${finishedAt}
        WHERE "id" = ${current.serverId}`;
    }
    return tx.mcpToolExecution.findUniqueOrThrow({ where: { id } });
  });
}

/**
 * One of the tenant's executions, or null.
 *
 * @example
 * const run = await getExecution(db, t.id, id);
 */
export async function getExecution(
  db: Database,
  tenantId: string,
  id: string,
): Promise<McpToolExecution | null> {
  return db.prisma.mcpToolExecution.findFirst({ where: { id, tenantId } });
}

function encodeCursor(row: McpToolExecution): string {
  return Buffer.from(`${row.startedAt.toISOString()}|${row.id}`).toString("base64url");
}

function decodeCursor(cursor: string): { startedAt: Date; id: string } {
  const [iso, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const startedAt = new Date(iso ?? "");
  if (!id || Number.isNaN(startedAt.getTime())) throw new DbError("invalid", "bad cursor");
  return { startedAt, id };
}

/**
 * The tenant's executions, newest first, filtered, one page at a time (keyset pagination on
 * start time and id, so pages stay stable while new calls are appended).
 *
 * @example
 * let page = await listExecutions(db, t.id, { status: "failed", limit: 20 });
 * if (page.nextCursor) page = await listExecutions(db, t.id, { status: "failed", cursor: page.nextCursor });
 */
export async function listExecutions(
  db: Database,
  tenantId: string,
  options: ListExecutionsOptions = {},
): Promise<{ items: McpToolExecution[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? 50), 1), MAX_PAGE);
  const and: Prisma.McpToolExecutionWhereInput[] = [{ tenantId }];
  if (options.serverId) and.push({ serverId: options.serverId });
  if (options.toolName) and.push({ toolName: options.toolName });
  if (options.status) and.push({ status: options.status });
  if (options.agentId) and.push({ agentId: options.agentId });
  if (options.apiKeyId) and.push({ apiKeyId: options.apiKeyId });
  if (options.since) and.push({ startedAt: { gte: options.since } });
  if (options.until) and.push({ startedAt: { lt: options.until } });
  if (options.cursor) {
    const after = decodeCursor(options.cursor);
    and.push({
      OR: [{ startedAt: { lt: after.startedAt } }, { startedAt: after.startedAt, id: { lt: after.id } }],
    });
  }
  const rows = await db.prisma.mcpToolExecution.findMany({
    where: { AND: and },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    take: limit + 1,
  });
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}
