import { createRoute, z } from "@hono/zod-openapi";
import { type Database, exceedsJsonDepth, getExecution, listExecutions } from "@mcp/db";
import { MAX_JSON_DEPTH } from "../execution/json-depth.js";
import type { ToolExecutor } from "../execution/tool-executor.js";
import { notFound } from "../http/api-error.js";
import { requireRole, tenantOf } from "../http/auth.js";
import { createRouter } from "../http/openapi-app.js";
import { commonErrors, IdParamSchema, jsonBody, jsonResponse } from "../http/schemas.js";
import { executionJson } from "../http/serializers.js";
import { findServer } from "./server-scope.js";

const STATUSES = ["running", "succeeded", "failed", "timed_out", "cancelled", "denied"] as const;

const ExecuteBody = z
  .strictObject({
    server_id: z.string().min(1).openapi({ description: "Server id or slug", example: "calculator" }),
    tool: z.string().min(1).max(200).openapi({ example: "add" }),
    arguments: z
      .record(z.string(), z.unknown())
      .refine(
        (args) => !exceedsJsonDepth(args, MAX_JSON_DEPTH),
        `must not nest deeper than ${MAX_JSON_DEPTH} levels`,
      )
      .default({})
      .openapi({ example: { a: 2, b: 3 } }),
    agent_id: z.string().min(1).optional(),
  })
  .openapi("ExecuteRequest");

const ExecuteResult = z
  .object({
    execution_id: z.string(),
    status: z.enum(["succeeded", "failed", "timed_out", "cancelled", "denied"]),
    is_error: z.boolean(),
    result: z.unknown(),
    error: z.object({ code: z.string(), message: z.string(), rule: z.string().optional() }).nullable(),
    attempts: z.number(),
    duration_ms: z.number(),
  })
  .openapi("ExecuteResult");

const ExecutionSchema = z.record(z.string(), z.unknown()).openapi("McpToolExecution");

const ListQuery = z.object({
  server_id: z.string().optional(),
  tool: z.string().optional(),
  status: z.enum(STATUSES).optional(),
  agent_id: z.string().optional(),
  since: z.iso.datetime().optional(),
  until: z.iso.datetime().optional(),
  page_size: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

/** Executing tools, and the audit log of executions. */
export function executionRoutes(db: Database, executor: ToolExecutor) {
  const router = createRouter();

  router.openapi(
    createRoute({
      method: "post",
      path: "/mcp/execute",
      tags: ["Execute"],
      summary: "Call a tool of a server under the tenant's configuration; every call is audited",
      request: { body: jsonBody(ExecuteBody) },
      responses: {
        200: jsonResponse(ExecuteResult, "The tool answered (is_error tells a tool-level failure)"),
        403: jsonResponse(ExecuteResult, "Refused by the configuration: error.rule names the rule"),
        429: jsonResponse(ExecuteResult, "Over the calls-per-minute or concurrency limit"),
        502: jsonResponse(ExecuteResult, "The server failed, crashed or answered with a protocol error"),
        503: jsonResponse(ExecuteResult, "Cancelled, or the platform is at capacity"),
        504: jsonResponse(ExecuteResult, "The call hit its timeout"),
        400: commonErrors[400],
        401: commonErrors[401],
        404: commonErrors[404],
      },
    }),
    async (c) => {
      const principal = requireRole(c, "member");
      const tenantId = await tenantOf(c, db);
      const body = c.req.valid("json");
      const { httpStatus, body: answer } = await executor.execute({
        tenantId,
        apiKeyId: principal.apiKeyId,
        serverId: body.server_id,
        tool: body.tool,
        arguments: body.arguments,
        agentId: body.agent_id,
        signal: c.req.raw.signal,
      });
      return c.json(answer, httpStatus);
    },
  );

  router.openapi(
    createRoute({
      method: "get",
      path: "/mcp/executions",
      tags: ["Executions"],
      summary: "The tenant's executions, newest first, filtered, paginated by cursor",
      request: { query: ListQuery },
      responses: {
        200: jsonResponse(
          z.object({ items: z.array(ExecutionSchema), next_cursor: z.string().nullable() }),
          "One page",
        ),
        ...commonErrors,
      },
    }),
    async (c) => {
      const tenantId = await tenantOf(c, db);
      const query = c.req.valid("query");
      const serverId = query.server_id
        ? (await findServer(db, { kind: "tenant", tenantId }, query.server_id)).id
        : undefined;
      const page = await listExecutions(db, tenantId, {
        ...(serverId ? { serverId } : {}),
        ...(query.tool ? { toolName: query.tool } : {}),
        ...(query.status ? { status: query.status } : {}),
        ...(query.agent_id ? { agentId: query.agent_id } : {}),
        ...(query.since ? { since: new Date(query.since) } : {}),
        ...(query.until ? { until: new Date(query.until) } : {}),
        ...(query.cursor ? { cursor: query.cursor } : {}),
        limit: query.page_size,
      });
      return c.json({ items: page.items.map(executionJson), next_cursor: page.nextCursor }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: "get",
      path: "/mcp/executions/{id}",
      tags: ["Executions"],
      summary: "One execution of the tenant",
      request: { params: IdParamSchema },
      responses: { 200: jsonResponse(ExecutionSchema, "The execution"), ...commonErrors },
    }),
    async (c) => {
      const tenantId = await tenantOf(c, db);
      const execution = await getExecution(db, tenantId, c.req.valid("param").id);
      if (!execution) throw notFound("execution");
      return c.json(executionJson(execution), 200);
    },
  );

  return router;
}
