import { createRoute, z } from "@hono/zod-openapi";
import {
  createAgent,
  createApiKey,
  createTenant,
  type Database,
  deleteAgent,
  getAgent,
  listAgents,
  listApiKeys,
  listTenants,
  revokeApiKey,
} from "@mcp/db";
import { notFound } from "../http/api-error.js";
import { dbRoleOf, ROLES, requirePlatformAdmin, requireRole, tenantOf } from "../http/auth.js";
import { createRouter } from "../http/openapi-app.js";
import {
  commonErrors,
  conflictError,
  IdParamSchema,
  jsonBody,
  jsonResponse,
  SlugSchema,
} from "../http/schemas.js";
import { agentJson, apiKeyJson, tenantJson } from "../http/serializers.js";

const TenantSchema = z
  .object({ id: z.string(), slug: z.string(), name: z.string(), created_at: z.string().nullable() })
  .openapi("Tenant");
const ApiKeySchema = z
  .object({
    id: z.string(),
    tenant_id: z.string().nullable(),
    name: z.string(),
    prefix: z.string(),
    role: z.enum(ROLES),
    expires_at: z.string().nullable(),
    revoked_at: z.string().nullable(),
    last_used_at: z.string().nullable(),
    created_at: z.string().nullable(),
  })
  .openapi("ApiKey");
const NewApiKeySchema = z
  .object({
    api_key: ApiKeySchema,
    key: z.string().openapi({ description: "The key itself: shown only in this answer" }),
  })
  .openapi("NewApiKey");
const AgentSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    created_at: z.string().nullable(),
  })
  .openapi("Agent");

const CreateTenantBody = z.strictObject({
  slug: SlugSchema,
  name: z.string().min(1).max(200),
  admin_key_name: z.string().min(1).max(200).default("admin"),
});
const CreateKeyBody = z.strictObject({
  name: z.string().min(1).max(200),
  role: z.enum(ROLES).openapi({ description: "Exactly admin, member or read-only" }),
  expires_at: z.iso.datetime().optional(),
});
const CreateAgentBody = z.strictObject({
  name: z.string().min(1).max(200),
  description: z.string().max(2000).optional(),
});

/** Tenants (platform admins), API keys and agents (tenant admins). */
export function tenantRoutes(db: Database) {
  const router = createRouter();

  router.openapi(
    createRoute({
      method: "post",
      path: "/tenants",
      tags: ["Tenants"],
      summary: "Create a tenant and its first admin key (platform admins)",
      request: { body: jsonBody(CreateTenantBody) },
      responses: {
        201: jsonResponse(
          z.object({ tenant: TenantSchema, admin_key: NewApiKeySchema }),
          "The tenant and its admin key",
        ),
        ...commonErrors,
        ...conflictError,
      },
    }),
    async (c) => {
      requirePlatformAdmin(c);
      const body = c.req.valid("json");
      const tenant = await createTenant(db, { slug: body.slug, name: body.name });
      const { apiKey, plaintext } = await createApiKey(db, {
        tenantId: tenant.id,
        name: body.admin_key_name,
        role: "admin",
      });
      return c.json(
        { tenant: tenantJson(tenant), admin_key: { api_key: apiKeyJson(apiKey), key: plaintext } },
        201,
      );
    },
  );

  router.openapi(
    createRoute({
      method: "get",
      path: "/tenants",
      tags: ["Tenants"],
      summary: "List tenants (platform admins)",
      responses: {
        200: jsonResponse(z.object({ items: z.array(TenantSchema) }), "Every tenant"),
        ...commonErrors,
      },
    }),
    async (c) => {
      requirePlatformAdmin(c);
      return c.json({ items: (await listTenants(db)).map(tenantJson) }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: "post",
      path: "/api-keys",
      tags: ["API keys"],
      summary: "Create an API key in the tenant (tenant admins)",
      request: { body: jsonBody(CreateKeyBody) },
      responses: { 201: jsonResponse(NewApiKeySchema, "The key, shown once"), ...commonErrors },
    }),
    async (c) => {
      requireRole(c, "admin");
      const tenantId = await tenantOf(c, db);
      const body = c.req.valid("json");
      const { apiKey, plaintext } = await createApiKey(db, {
        tenantId,
        name: body.name,
        role: dbRoleOf(body.role)!,
        expiresAt: body.expires_at ? new Date(body.expires_at) : null,
      });
      return c.json({ api_key: apiKeyJson(apiKey), key: plaintext }, 201);
    },
  );

  router.openapi(
    createRoute({
      method: "get",
      path: "/api-keys",
      tags: ["API keys"],
      summary: "List the tenant's API keys (tenant admins); never the keys themselves",
      responses: {
        200: jsonResponse(z.object({ items: z.array(ApiKeySchema) }), "The tenant's keys"),
        ...commonErrors,
      },
    }),
    async (c) => {
      requireRole(c, "admin");
      const tenantId = await tenantOf(c, db);
      return c.json({ items: (await listApiKeys(db, tenantId)).map(apiKeyJson) }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: "delete",
      path: "/api-keys/{id}",
      tags: ["API keys"],
      summary: "Revoke an API key of the tenant (tenant admins)",
      request: { params: IdParamSchema },
      responses: { 204: { description: "Revoked" }, ...commonErrors },
    }),
    async (c) => {
      requireRole(c, "admin");
      const tenantId = await tenantOf(c, db);
      if (!(await revokeApiKey(db, tenantId, c.req.valid("param").id))) throw notFound("API key");
      return c.body(null, 204);
    },
  );

  router.openapi(
    createRoute({
      method: "post",
      path: "/agents",
      tags: ["Agents"],
      summary: "Create an agent (tenant admins)",
      request: { body: jsonBody(CreateAgentBody) },
      responses: { 201: jsonResponse(AgentSchema, "The agent"), ...commonErrors, ...conflictError },
    }),
    async (c) => {
      requireRole(c, "admin");
      const tenantId = await tenantOf(c, db);
      const body = c.req.valid("json");
      const agent = await createAgent(db, tenantId, {
        name: body.name,
        description: body.description ?? null,
      });
      return c.json(agentJson(agent), 201);
    },
  );

  router.openapi(
    createRoute({
      method: "get",
      path: "/agents",
      tags: ["Agents"],
      summary: "List the tenant's agents",
      responses: {
        200: jsonResponse(z.object({ items: z.array(AgentSchema) }), "The agents"),
        ...commonErrors,
      },
    }),
    async (c) => {
      const tenantId = await tenantOf(c, db);
      return c.json({ items: (await listAgents(db, tenantId)).map(agentJson) }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: "get",
      path: "/agents/{id}",
      tags: ["Agents"],
      summary: "Get one agent",
      request: { params: IdParamSchema },
      responses: { 200: jsonResponse(AgentSchema, "The agent"), ...commonErrors },
    }),
    async (c) => {
      const tenantId = await tenantOf(c, db);
      const agent = await getAgent(db, tenantId, c.req.valid("param").id);
      if (!agent) throw notFound("agent");
      return c.json(agentJson(agent), 200);
    },
  );

  router.openapi(
    createRoute({
      method: "delete",
      path: "/agents/{id}",
      tags: ["Agents"],
      summary: "Delete an agent and its configuration overrides (tenant admins)",
      request: { params: IdParamSchema },
      responses: { 204: { description: "Deleted" }, ...commonErrors },
    }),
    async (c) => {
      requireRole(c, "admin");
      const tenantId = await tenantOf(c, db);
      if (!(await deleteAgent(db, tenantId, c.req.valid("param").id))) throw notFound("agent");
      return c.body(null, 204);
    },
  );

  return router;
}
