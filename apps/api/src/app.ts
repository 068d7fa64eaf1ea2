import { Hono } from "hono";

/**
 * Builds the platform's Hono app. Issue #8 grows it into the multi-tenant API; for now it
 * answers liveness so the quick start has something real to start.
 *
 * @example
 * const app = createApp();
 * const res = await app.request("/health");
 */
export function createApp(): Hono {
  const app = new Hono();
  app.get("/health", (c) => c.json({ status: "ok" }));
  return app;
}
