import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Database } from "@mcp/db";

const HealthSchema = z
  .object({
    status: z.enum(["ok", "degraded"]),
    database: z.object({
      ok: z.boolean(),
      provider: z.string(),
      latency_ms: z.number(),
      error: z.string().optional(),
    }),
    uptime_s: z.number(),
  })
  .openapi("Health");

/** Liveness and database reachability; needs no API key. */
export function healthRoutes(db: Database) {
  const router = new OpenAPIHono();
  router.openapi(
    createRoute({
      method: "get",
      path: "/health",
      tags: ["Health"],
      summary: "Liveness and database reachability (no API key needed)",
      responses: {
        200: { description: "Healthy", content: { "application/json": { schema: HealthSchema } } },
        503: {
          description: "The database is unreachable",
          content: { "application/json": { schema: HealthSchema } },
        },
      },
    }),
    async (c) => {
      const started = performance.now();
      let error: string | undefined;
      try {
        await db.prisma.$queryRaw`SELECT 1`;
      } catch (cause) {
        error = cause instanceof Error ? cause.message.split("\n")[0] : String(cause);
      }
      const database = {
        ok: error === undefined,
        provider: db.provider,
        latency_ms: Math.round((performance.now() - started) * 100) / 100,
        ...(error ? { error } : {}),
      };
      const body = {
        status: error ? ("degraded" as const) : ("ok" as const),
        database,
        uptime_s: Math.round(process.uptime()),
      };
      return c.json(body, error ? 503 : 200);
    },
  );
  return router;
}
