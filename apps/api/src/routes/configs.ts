import { createRoute, z } from "@hono/zod-openapi";
import {
  type Database,
  getServerConfig,
  listServerConfigs,
  type ServerConfigInput,
  upsertServerConfig,
} from "@mcp/db";
import type { ServerRuntime } from "../execution/server-runtime.js";
import { ApiError, notFound } from "../http/api-error.js";
import { requireRole, tenantOf } from "../http/auth.js";
import { createRouter } from "../http/openapi-app.js";
import {
  commonErrors,
  conflictError,
  IdParamSchema,
  jsonBody,
  jsonResponse,
  SecretMapSchema,
} from "../http/schemas.js";
import { configJson } from "../http/serializers.js";
import { assertEnvEntryAllowed } from "../security/launch-policy.js";
import { assertTenantLaunchAllowed } from "../security/tenant-launch-policy.js";
import { findServer } from "./server-scope.js";

const ConfigSchema = z.record(z.string(), z.unknown()).openapi("McpServerConfig", {
  description:
    "A tenant's configuration of a server (agent_id null) or an agent's override. Null fields inherit.",
});
const toolList = z.array(z.string().min(1).max(200)).max(1000);
const ConfigFields = {
  enabled: z.boolean().nullable().optional(),
  tool_allow_list: toolList
    .nullable()
    .optional()
    .openapi({ description: "Only these tools; null inherits, [] allows none" }),
  tool_deny_list: toolList
    .nullable()
    .optional()
    .openapi({ description: "Never these tools; wins over the allow list" }),
  timeout_ms: z.number().int().min(100).max(600_000).nullable().optional(),
  max_retries: z.number().int().min(0).max(5).nullable().optional(),
  max_concurrent_calls: z.number().int().min(1).max(256).nullable().optional(),
  calls_per_minute: z.number().int().min(1).max(100_000).nullable().optional(),
  max_output_bytes: z
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .nullable()
    .optional(),
  env_overrides: SecretMapSchema.nullable().optional(),
};
const CreateConfigBody = z.strictObject({
  server_id: z.string().min(1),
  agent_id: z.string().min(1).nullable().optional(),
  ...ConfigFields,
});
const PatchConfigBody = z.strictObject(ConfigFields);

function toInput(body: z.infer<typeof PatchConfigBody>): Omit<ServerConfigInput, "serverId"> {
  for (const [key, value] of Object.entries(body.env_overrides ?? {})) assertEnvEntryAllowed(key, value);
  return {
    enabled: body.enabled,
    toolAllowList: body.tool_allow_list,
    toolDenyList: body.tool_deny_list,
    timeoutMs: body.timeout_ms,
    maxRetries: body.max_retries,
    maxConcurrentCalls: body.max_concurrent_calls,
    callsPerMinute: body.calls_per_minute,
    maxOutputBytes: body.max_output_bytes,
    envOverrides: body.env_overrides,
  };
}

/** A tenant's configurations of servers and their per-agent overrides. */
export function configRoutes(db: Database, runtime: ServerRuntime, allowPrivateUrls: boolean) {
  const router = createRouter();

  // Environment overrides come from the tenant even on a global server: their values may name
  // files or hosts only inside the tenant's scope.
  const assertTenantEnv = (env: Record<string, string> | null | undefined, tenantId: string) => {
    if (!env) return;
    assertTenantLaunchAllowed(
      { env },
      { tenantRoot: runtime.tenantRoot(tenantId), allowPrivateNetwork: allowPrivateUrls },
    );
  };

  const findConfig = async (tenantId: string, id: string) => {
    const config = await getServerConfig(db, tenantId, id);
    if (!config) throw notFound("config");
    return config;
  };

  router.openapi(
    createRoute({
      method: "post",
      path: "/mcp/configs",
      tags: ["Configs"],
      summary: "Configure a server for the tenant, or for one agent (admins)",
      request: { body: jsonBody(CreateConfigBody) },
      responses: { 201: jsonResponse(ConfigSchema, "The configuration"), ...commonErrors, ...conflictError },
    }),
    async (c) => {
      requireRole(c, "admin");
      const tenantId = await tenantOf(c, db);
      const { server_id, agent_id, ...fields } = c.req.valid("json");
      assertTenantEnv(fields.env_overrides, tenantId);
      const server = await findServer(db, { kind: "tenant", tenantId }, server_id);
      const existing = await listServerConfigs(db, tenantId, { serverId: server.id });
      if (existing.some((config) => config.agentId === (agent_id ?? null))) {
        throw new ApiError(
          409,
          "conflict",
          "this server already has a configuration for that scope: PATCH it",
        );
      }
      const config = await upsertServerConfig(db, tenantId, {
        serverId: server.id,
        agentId: agent_id ?? null,
        ...toInput(fields),
      });
      await runtime.evictServer(server.id, tenantId);
      return c.json(configJson(config), 201);
    },
  );

  router.openapi(
    createRoute({
      method: "get",
      path: "/mcp/configs",
      tags: ["Configs"],
      summary: "List the tenant's configurations, optionally for one server",
      request: { query: z.object({ server_id: z.string().optional() }) },
      responses: {
        200: jsonResponse(z.object({ items: z.array(ConfigSchema) }), "The configurations"),
        ...commonErrors,
      },
    }),
    async (c) => {
      const tenantId = await tenantOf(c, db);
      const { server_id } = c.req.valid("query");
      const filter = server_id
        ? { serverId: (await findServer(db, { kind: "tenant", tenantId }, server_id)).id }
        : {};
      return c.json({ items: (await listServerConfigs(db, tenantId, filter)).map(configJson) }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: "get",
      path: "/mcp/configs/{id}",
      tags: ["Configs"],
      summary: "Get one configuration",
      request: { params: IdParamSchema },
      responses: { 200: jsonResponse(ConfigSchema, "The configuration"), ...commonErrors },
    }),
    async (c) => {
      const tenantId = await tenantOf(c, db);
      return c.json(configJson(await findConfig(tenantId, c.req.valid("param").id)), 200);
    },
  );

  router.openapi(
    createRoute({
      method: "patch",
      path: "/mcp/configs/{id}",
      tags: ["Configs"],
      summary: "Change a configuration (admins); null clears a field so it inherits",
      request: { params: IdParamSchema, body: jsonBody(PatchConfigBody) },
      responses: { 200: jsonResponse(ConfigSchema, "The changed configuration"), ...commonErrors },
    }),
    async (c) => {
      requireRole(c, "admin");
      const tenantId = await tenantOf(c, db);
      const current = await findConfig(tenantId, c.req.valid("param").id);
      assertTenantEnv(c.req.valid("json").env_overrides, tenantId);
      const config = await upsertServerConfig(db, tenantId, {
        serverId: current.serverId,
        agentId: current.agentId,
        ...toInput(c.req.valid("json")),
      });
      await runtime.evictServer(current.serverId, tenantId);
      return c.json(configJson(config), 200);
    },
  );

  return router;
}
