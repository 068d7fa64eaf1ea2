import { OpenAPIHono } from "@hono/zod-openapi";
import type { Database } from "@mcp/db";
import { Scalar } from "@scalar/hono-api-reference";
import type { Context } from "hono";
import type { Logger } from "pino";
import type { PlatformCache } from "./cache/platform-cache.js";
import type { ApiConfig } from "./config.js";
import type { ServerRuntime } from "./execution/server-runtime.js";
import type { ToolExecutor } from "./execution/tool-executor.js";
import { ApiError } from "./http/api-error.js";
import { authenticate } from "./http/auth.js";
import { limitBody } from "./http/body-limit.js";
import type { ApiEnv } from "./http/openapi-app.js";
import { toApiError } from "./http/to-api-error.js";
import { configRoutes } from "./routes/configs.js";
import { executionRoutes } from "./routes/executions.js";
import { healthRoutes } from "./routes/health.js";
import { registryRoutes } from "./routes/registry.js";
import { serverRoutes } from "./routes/servers.js";
import { tenantRoutes } from "./routes/tenants.js";

/** What the app is composed of; `startPlatform` builds them, tests may build their own. */
export interface AppDeps {
  db: Database;
  config: ApiConfig;
  logger: Logger;
  runtime: ServerRuntime;
  executor: ToolExecutor;
  cache: PlatformCache;
}

function errorResponse(c: Context, error: ApiError) {
  const body = {
    error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) },
  };
  return c.json(body, error.status);
}

/**
 * Builds the platform's Hono app: `/health`, `/openapi.json` and `/docs` without a key, and the
 * authenticated `/v1` API.
 *
 * @example
 * const app = createApp(deps);
 * const res = await app.request("/v1/mcp/servers", { headers: { authorization: `Bearer ${key}` } });
 */
export function createApp(deps: AppDeps): OpenAPIHono<ApiEnv> {
  const { db, config, logger, runtime, executor, cache } = deps;
  const app = new OpenAPIHono<ApiEnv>();

  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    // Only the method, path and status: never headers (keys) or bodies (arguments, secrets).
    logger.info(
      {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      },
      "request",
    );
  });
  app.use(
    limitBody(config.maxBodyBytes, () => {
      throw new ApiError(
        413,
        "payload_too_large",
        `request bodies are limited to ${config.maxBodyBytes} bytes`,
      );
    }),
  );

  app.route("/", healthRoutes(db));
  // Any authenticated request that may write drops the cached keys, tenants and configurations
  // once it is done, before its answer leaves: what a client changes, its next request sees.
  // Executions are the one POST that changes nothing the cache holds. Failed writes invalidate
  // too (a write may have landed before the failure); requests without a valid key cannot have
  // written anything, so they cannot be used to flush the cache.
  app.use("/v1/*", async (c, next) => {
    try {
      await next();
    } finally {
      const read = c.req.method === "GET" || c.req.method === "HEAD";
      const execute = c.req.method === "POST" && c.req.path === "/v1/mcp/execute";
      if (!read && !execute && c.get("principal") !== undefined) cache.invalidate();
    }
  });
  app.use("/v1/*", authenticate(cache));
  // Reads see every execution answered before them: the journal's waiting rows go in first
  // (nothing to do, and no cost, when none wait).
  app.use("/v1/*", async (c, next) => {
    if (c.req.method === "GET" || c.req.method === "HEAD") await executor.flushAudit();
    await next();
  });
  const v1 = new OpenAPIHono<ApiEnv>();
  v1.route("/", tenantRoutes(db));
  v1.route("/", serverRoutes(db, runtime, config));
  v1.route("/", configRoutes(db, runtime, config.allowPrivateUrls));
  v1.route("/", executionRoutes(db, executor));
  v1.route("/", registryRoutes(db, config, runtime));
  app.route("/v1", v1);

  app.openAPIRegistry.registerComponent("securitySchemes", "apiKey", { type: "http", scheme: "bearer" });
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "MCP platform API",
      version: "0.1.0",
      description:
        "Register and configure MCP servers per tenant, execute their tools through supervised processes, and read the audit log. Authenticate with `Authorization: Bearer <API key>`.",
    },
    security: [{ apiKey: [] }],
  });
  app.get("/docs", Scalar({ url: "/openapi.json", pageTitle: "MCP platform API" }));

  app.notFound((c) =>
    errorResponse(c, new ApiError(404, "not_found", `no route for ${c.req.method} ${c.req.path}`)),
  );
  app.onError((error, c) => {
    const known = toApiError(error);
    if (known) return errorResponse(c, known);
    if (error instanceof SyntaxError)
      return errorResponse(c, new ApiError(400, "invalid_json", "the body is not valid JSON"));
    logger.error({ err: { message: error.message, name: error.name } }, "unhandled error");
    return errorResponse(c, new ApiError(500, "internal_error", "internal error"));
  });
  return app;
}
