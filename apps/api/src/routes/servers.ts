import { createRoute, z } from "@hono/zod-openapi";
import {
  createServer,
  type Database,
  deleteServer,
  listServersPage,
  recordDiscovery,
  recordHealthCheck,
  updateServer,
} from "@mcp/db";
import type { ApiConfig } from "../config.js";
import { launchSpecOf, type ServerRuntime } from "../execution/server-runtime.js";
import { ApiError } from "../http/api-error.js";
import { requireRole } from "../http/auth.js";
import { createRouter } from "../http/openapi-app.js";
import {
  commonErrors,
  conflictError,
  IdParamSchema,
  jsonBody,
  jsonResponse,
  PageQuerySchema,
  SecretMapSchema,
  SlugSchema,
} from "../http/schemas.js";
import { serverJson } from "../http/serializers.js";
import { assertLaunchAllowed } from "../security/launch-policy.js";
import { assertTenantLaunchAllowed } from "../security/tenant-launch-policy.js";
import { assertServerUrlAllowed } from "../security/url-policy.js";
import { findServer, poolTenantOf, serverScopeOf, writeOwnerOf } from "./server-scope.js";

const TRANSPORTS = ["stdio", "streamable_http", "sse", "websocket"] as const;
const STATUSES = ["unknown", "healthy", "degraded", "unhealthy", "disabled"] as const;

const ServerSchema = z.record(z.string(), z.unknown()).openapi("McpServer", {
  description:
    "A registered MCP server. Secret values are never returned: env_keys and header_keys list their names.",
});

const ServerFields = {
  name: z.string().min(1).max(200),
  description: z.string().max(2000).nullable().optional(),
  transport: z.enum(TRANSPORTS),
  command: z.string().min(1).max(512).nullable().optional(),
  args: z.array(z.string().max(4096)).max(64).optional(),
  cwd: z.string().max(1024).nullable().optional(),
  env: SecretMapSchema.nullable().optional(),
  url: z.string().max(2048).nullable().optional(),
  headers: SecretMapSchema.nullable().optional(),
};
const CreateServerBody = z.strictObject({
  slug: SlugSchema,
  ...ServerFields,
  global: z.boolean().default(false).openapi({ description: "A global server (platform admins only)" }),
});
const PatchServerBody = z.strictObject({
  ...ServerFields,
  transport: ServerFields.transport.optional(),
  name: ServerFields.name.optional(),
});
const ListQuery = PageQuerySchema.extend({
  status: z.enum(STATUSES).optional(),
  transport: z.enum(TRANSPORTS).optional(),
  search: z.string().max(200).optional(),
});

interface LaunchFields {
  transport?: (typeof TRANSPORTS)[number] | undefined;
  command?: string | null | undefined;
  args?: string[] | undefined;
  cwd?: string | null | undefined;
  env?: Record<string, string> | null | undefined;
  url?: string | null | undefined;
}

/** Servers: register, list, change, delete, discover and health-check. */
export function serverRoutes(db: Database, runtime: ServerRuntime, config: ApiConfig) {
  const router = createRouter();

  // `tenantId`: the owner of a tenant's own server, whose launch must stay in the tenant's scope.
  const checkLaunch = (fields: LaunchFields, tenantId: string | undefined) => {
    if (fields.transport === "stdio" && fields.command) {
      const launch = {
        command: fields.command,
        args: fields.args ?? [],
        env: fields.env ?? {},
        cwd: fields.cwd ?? null,
      };
      assertLaunchAllowed(launch, config.allowedCommands);
      if (tenantId !== undefined) {
        assertTenantLaunchAllowed(launch, {
          tenantRoot: runtime.tenantRoot(tenantId),
          allowPrivateNetwork: config.allowPrivateUrls,
        });
      }
    }
    if (fields.transport !== "stdio" && fields.url) {
      assertServerUrlAllowed(fields.url, { allowPrivateNetwork: config.allowPrivateUrls });
    }
  };

  router.openapi(
    createRoute({
      method: "post",
      path: "/mcp/servers",
      tags: ["Servers"],
      summary: "Register a server (admins; stdio commands only from the operator's allow list)",
      request: { body: jsonBody(CreateServerBody) },
      responses: { 201: jsonResponse(ServerSchema, "The server"), ...commonErrors, ...conflictError },
    }),
    async (c) => {
      requireRole(c, "admin");
      const body = c.req.valid("json");
      const scope = await serverScopeOf(c, db);
      if (body.global && !c.get("principal").platformAdmin) {
        throw new ApiError(403, "forbidden", "only platform admins create global servers");
      }
      if (!body.global && scope.kind === "global") {
        throw new ApiError(400, "tenant_required", "name the tenant with X-MCP-Tenant, or set global: true");
      }
      const { global, ...input } = body;
      const owner =
        global || scope.kind === "global" ? ({ global: true } as const) : { tenantId: scope.tenantId };
      checkLaunch(body, "tenantId" in owner ? owner.tenantId : undefined);
      const server = await createServer(db, owner, input);
      return c.json(serverJson(server), 201);
    },
  );

  router.openapi(
    createRoute({
      method: "get",
      path: "/mcp/servers",
      tags: ["Servers"],
      summary: "List the servers the tenant may use (global ones and its own)",
      request: { query: ListQuery },
      responses: {
        200: jsonResponse(
          z.object({
            items: z.array(ServerSchema),
            page: z.number(),
            page_size: z.number(),
            total: z.number(),
          }),
          "One page of servers",
        ),
        ...commonErrors,
      },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const scope = await serverScopeOf(c, db);
      const filters = {
        ...(query.transport ? { transport: query.transport } : {}),
        ...(query.status ? { status: query.status } : {}),
        ...(query.search ? { search: query.search } : {}),
        skip: (query.page - 1) * query.page_size,
        take: query.page_size,
      };
      const page = await listServersPage(
        db,
        scope.kind === "global" ? { global: true } : scope.tenantId,
        filters,
      );
      return c.json(
        {
          items: page.items.map(serverJson),
          page: query.page,
          page_size: query.page_size,
          total: page.total,
        },
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      method: "get",
      path: "/mcp/servers/{id}",
      tags: ["Servers"],
      summary: "Get one server (by id or slug)",
      request: { params: IdParamSchema },
      responses: { 200: jsonResponse(ServerSchema, "The server"), ...commonErrors },
    }),
    async (c) => {
      const scope = await serverScopeOf(c, db);
      return c.json(serverJson(await findServer(db, scope, c.req.valid("param").id)), 200);
    },
  );

  router.openapi(
    createRoute({
      method: "patch",
      path: "/mcp/servers/{id}",
      tags: ["Servers"],
      summary: "Change a server (admins of its owner)",
      request: { params: IdParamSchema, body: jsonBody(PatchServerBody) },
      responses: { 200: jsonResponse(ServerSchema, "The changed server"), ...commonErrors },
    }),
    async (c) => {
      requireRole(c, "admin");
      const scope = await serverScopeOf(c, db);
      const current = await findServer(db, scope, c.req.valid("param").id);
      const owner = writeOwnerOf(c, scope, current);
      const patch = c.req.valid("json");
      checkLaunch(
        {
          transport: patch.transport ?? current.transport,
          command: patch.command === undefined ? current.command : patch.command,
          args: patch.args ?? current.args,
          cwd: patch.cwd === undefined ? current.cwd : patch.cwd,
          env: patch.env === undefined ? current.env : patch.env,
          url: patch.url === undefined ? current.url : patch.url,
        },
        "tenantId" in owner ? owner.tenantId : undefined,
      );
      const server = await updateServer(db, owner, current.id, patch);
      await runtime.evictServer(current.id);
      return c.json(serverJson(server), 200);
    },
  );

  router.openapi(
    createRoute({
      method: "delete",
      path: "/mcp/servers/{id}",
      tags: ["Servers"],
      summary: "Delete a server (soft: its audit log stays)",
      request: { params: IdParamSchema },
      responses: { 204: { description: "Deleted" }, ...commonErrors },
    }),
    async (c) => {
      requireRole(c, "admin");
      const scope = await serverScopeOf(c, db);
      const current = await findServer(db, scope, c.req.valid("param").id);
      await deleteServer(db, writeOwnerOf(c, scope, current), current.id);
      await runtime.evictServer(current.id);
      return c.body(null, 204);
    },
  );

  router.openapi(
    createRoute({
      method: "get",
      path: "/mcp/servers/{id}/discover",
      tags: ["Servers"],
      summary: "The server's tools, resources and prompts, refreshed from the live server",
      request: { params: IdParamSchema },
      responses: {
        200: jsonResponse(
          z.object({
            server_id: z.string(),
            protocol_version: z.string().nullable(),
            server_info: z.unknown(),
            tools: z.array(z.unknown()),
            resources: z.array(z.unknown()),
            prompts: z.array(z.unknown()),
            tools_changed: z.boolean(),
          }),
          "What the server offers now",
        ),
        ...commonErrors,
        502: jsonResponse(z.unknown(), "The server could not be reached"),
      },
    }),
    async (c) => {
      requireRole(c, "member");
      const scope = await serverScopeOf(c, db);
      const server = await findServer(db, scope, c.req.valid("param").id);
      const key = { tenant: poolTenantOf(scope), server: server.id, spec: launchSpecOf(server, server.env) };
      let discovered: {
        tools: unknown[];
        resources: unknown[];
        prompts: unknown[];
        serverInfo: unknown;
        protocolVersion: string | null;
      };
      try {
        discovered = await runtime.use(
          key,
          async (client, signal) => {
            const capabilities = client.serverCapabilities ?? {};
            const [tools, resources, prompts] = await Promise.all([
              capabilities.tools ? client.listAllTools({ signal }) : [],
              capabilities.resources ? client.listAllResources({ signal }) : [],
              capabilities.prompts ? client.listAllPrompts({ signal }) : [],
            ]);
            return {
              tools,
              resources,
              prompts,
              serverInfo: client.serverInfo ?? null,
              protocolVersion: client.protocolVersion ?? null,
            };
          },
          { timeoutMs: 30_000 },
        );
      } catch (error) {
        throw new ApiError(
          502,
          "server_unavailable",
          `discovery failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      // Discovery is recorded on the row the caller may write; a tenant discovering a global
      // server sees the live answer without changing the platform's record.
      let toolsChanged = false;
      if (!server.global || c.get("principal").platformAdmin) {
        const owner = server.global
          ? ({ global: true } as const)
          : { tenantId: (scope as { tenantId: string }).tenantId };
        const recorded = await recordDiscovery(db, owner, server.id, {
          tools: discovered.tools,
          resources: discovered.resources,
          prompts: discovered.prompts,
          serverInfo: discovered.serverInfo as Record<string, unknown> | null,
          protocolVersion: discovered.protocolVersion,
        });
        toolsChanged = recorded.toolsChanged;
      }
      return c.json(
        {
          server_id: server.id,
          protocol_version: discovered.protocolVersion,
          server_info: discovered.serverInfo,
          tools: discovered.tools,
          resources: discovered.resources,
          prompts: discovered.prompts,
          tools_changed: toolsChanged,
        },
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      method: "post",
      path: "/mcp/servers/{id}/health",
      tags: ["Servers"],
      summary: "Check the server's health now (a ping through the pool)",
      request: { params: IdParamSchema },
      responses: {
        200: jsonResponse(
          z.object({
            server_id: z.string(),
            ok: z.boolean(),
            latency_ms: z.number(),
            error: z.string().nullable(),
            status: z.string(),
          }),
          "The check's outcome",
        ),
        ...commonErrors,
      },
    }),
    async (c) => {
      requireRole(c, "member");
      const scope = await serverScopeOf(c, db);
      const server = await findServer(db, scope, c.req.valid("param").id);
      const key = { tenant: poolTenantOf(scope), server: server.id, spec: launchSpecOf(server, server.env) };
      const started = performance.now();
      let error: string | null = null;
      try {
        await runtime.use(key, (client, signal) => client.ping({ signal }), { timeoutMs: 10_000 });
      } catch (cause) {
        error = cause instanceof Error ? cause.message : String(cause);
      }
      const latency = Math.round(performance.now() - started);
      let status: string = error ? "unhealthy" : "healthy";
      if (!server.global || c.get("principal").platformAdmin) {
        const owner = server.global
          ? ({ global: true } as const)
          : { tenantId: (scope as { tenantId: string }).tenantId };
        const recorded = await recordHealthCheck(
          db,
          owner,
          server.id,
          error ? { ok: false, error } : { ok: true },
        );
        status = recorded.status;
      }
      return c.json({ server_id: server.id, ok: error === null, latency_ms: latency, error, status }, 200);
    },
  );

  return router;
}
