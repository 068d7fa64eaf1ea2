import { createRoute, z } from "@hono/zod-openapi";
import {
  type Database,
  getRegistryEntry,
  installRegistryEntry,
  rateRegistryEntry,
  searchRegistry,
} from "@mcp/db";
import type { ApiConfig } from "../config.js";
import type { ServerRuntime } from "../execution/server-runtime.js";
import { notFound } from "../http/api-error.js";
import { requireRole, tenantOf } from "../http/auth.js";
import { createRouter } from "../http/openapi-app.js";
import {
  commonErrors,
  conflictError,
  jsonBody,
  jsonResponse,
  PageQuerySchema,
  SecretMapSchema,
  SlugSchema,
} from "../http/schemas.js";
import { registryEntryJson, serverJson } from "../http/serializers.js";
import { assertEnvEntryAllowed, assertLaunchAllowed } from "../security/launch-policy.js";
import { assertTenantLaunchAllowed } from "../security/tenant-launch-policy.js";
import { assertServerUrlAllowed } from "../security/url-policy.js";

const EntrySchema = z.record(z.string(), z.unknown()).openapi("RegistryEntry");
const SlugParam = z.object({
  slug: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: "slug", in: "path" } }),
});
const SearchQuery = PageQuerySchema.extend({
  q: z.string().max(200).optional(),
  category: z.string().max(100).optional(),
  tag: z.string().max(100).optional(),
});
const InstallBody = z.strictObject({
  server_slug: SlugSchema.optional().openapi({
    description: "Slug of the tenant's new server (default: the entry's)",
  }),
  name: z.string().min(1).max(200).optional(),
  values: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
    .default({})
    .openapi({
      description: "The configuration the entry's config_schema asks for",
    }),
  env: SecretMapSchema.optional(),
});
const RateBody = z.strictObject({
  rating: z.number().int().min(1).max(5),
  comment: z.string().max(2000).optional(),
});

/** The public marketplace: search, install into the tenant, rate. */
export function registryRoutes(db: Database, config: ApiConfig, runtime: ServerRuntime) {
  const router = createRouter();

  router.openapi(
    createRoute({
      method: "get",
      path: "/mcp/registry",
      tags: ["Registry"],
      summary: "Search the marketplace (featured first, then by rating)",
      request: { query: SearchQuery },
      responses: {
        200: jsonResponse(
          z.object({
            items: z.array(EntrySchema),
            page: z.number(),
            page_size: z.number(),
            total: z.number(),
          }),
          "One page",
        ),
        ...commonErrors,
      },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const { items, total } = await searchRegistry(db, {
        ...(query.q ? { query: query.q } : {}),
        ...(query.category ? { category: query.category } : {}),
        ...(query.tag ? { tag: query.tag } : {}),
        limit: query.page_size,
        offset: (query.page - 1) * query.page_size,
      });
      return c.json(
        { items: items.map(registryEntryJson), page: query.page, page_size: query.page_size, total },
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      method: "get",
      path: "/mcp/registry/{slug}",
      tags: ["Registry"],
      summary: "One marketplace entry",
      request: { params: SlugParam },
      responses: { 200: jsonResponse(EntrySchema, "The entry"), ...commonErrors },
    }),
    async (c) => {
      const entry = await getRegistryEntry(db, c.req.valid("param").slug);
      if (!entry) throw notFound("registry entry");
      return c.json(registryEntryJson(entry), 200);
    },
  );

  router.openapi(
    createRoute({
      method: "post",
      path: "/mcp/registry/{slug}/install",
      tags: ["Registry"],
      summary: "Install an entry as a server of the tenant (admins), with values checked against its schema",
      request: { params: SlugParam, body: jsonBody(InstallBody) },
      responses: {
        201: jsonResponse(z.record(z.string(), z.unknown()), "The tenant's new server"),
        ...commonErrors,
        ...conflictError,
      },
    }),
    async (c) => {
      requireRole(c, "admin");
      const tenantId = await tenantOf(c, db);
      const { slug } = c.req.valid("param");
      const body = c.req.valid("json");
      const entry = await getRegistryEntry(db, slug);
      if (!entry) throw notFound("registry entry");
      for (const [key, value] of Object.entries(body.env ?? {})) assertEnvEntryAllowed(key, value);
      const server = await installRegistryEntry(db, tenantId, {
        slug,
        ...(body.server_slug ? { serverSlug: body.server_slug } : {}),
        ...(body.name ? { name: body.name } : {}),
        values: body.values,
        ...(body.env ? { env: body.env } : {}),
        // The filled-in launch must pass the same policy as a server registered by hand.
        validate: (filled) => {
          if (filled.transport === "stdio" && filled.command) {
            const launch = { command: filled.command, args: filled.args ?? [], env: filled.env ?? {} };
            assertLaunchAllowed(launch, config.allowedCommands);
            assertTenantLaunchAllowed(launch, {
              tenantRoot: runtime.tenantRoot(tenantId),
              allowPrivateNetwork: config.allowPrivateUrls,
            });
          } else if (filled.url) {
            assertServerUrlAllowed(filled.url, { allowPrivateNetwork: config.allowPrivateUrls });
          }
        },
      });
      return c.json(serverJson(server), 201);
    },
  );

  router.openapi(
    createRoute({
      method: "post",
      path: "/mcp/registry/{slug}/rate",
      tags: ["Registry"],
      summary: "Rate an entry, 1 to 5 (one rating per tenant; rating again replaces it)",
      request: { params: SlugParam, body: jsonBody(RateBody) },
      responses: {
        200: jsonResponse(
          z.object({ rating_average: z.number(), rating_count: z.number() }),
          "The new figures",
        ),
        ...commonErrors,
      },
    }),
    async (c) => {
      requireRole(c, "member");
      const tenantId = await tenantOf(c, db);
      const body = c.req.valid("json");
      const figures = await rateRegistryEntry(db, tenantId, {
        slug: c.req.valid("param").slug,
        rating: body.rating,
        comment: body.comment ?? null,
      });
      return c.json({ rating_average: figures.ratingAverage, rating_count: figures.ratingCount }, 200);
    },
  );

  return router;
}
