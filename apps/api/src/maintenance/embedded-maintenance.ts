import { type Database, maintainEmbeddedDatabase } from "@mcp/db";
import type { Logger } from "pino";

/** How often the embedded database is vacuumed and analyzed after the start-up run. */
export const EMBEDDED_MAINTENANCE_INTERVAL_MS = 6 * 60 * 60_000;

/**
 * Keeps the embedded PGlite database vacuumed and analyzed, which nothing else does (it has no
 * autovacuum daemon): once now, before the API serves, then every six hours. A run blocks the
 * database's thread for a moment, so it is rare rather than continuous; a failed run is logged and
 * retried at the next interval. On PostgreSQL nothing is scheduled. `stop()` waits for a run in
 * progress, so the database can be closed after it.
 *
 * @example
 * const maintenance = await startEmbeddedMaintenance(db, logger);
 * await maintenance.stop();
 */
export async function startEmbeddedMaintenance(
  db: Database,
  logger: Logger,
  intervalMs = EMBEDDED_MAINTENANCE_INTERVAL_MS,
): Promise<{ stop(): Promise<void> }> {
  if (db.provider !== "pglite") return { stop: async () => {} };
  let running: Promise<void> | undefined;
  const run = () => {
    running = maintainEmbeddedDatabase(db).then(
      ({ durationMs }) =>
        logger.info({ durationMs: Math.round(durationMs) }, "vacuumed and analyzed the embedded database"),
      (error: unknown) =>
        logger.warn({ err: error }, "embedded database maintenance failed; retrying at the next interval"),
    );
    return running;
  };
  await run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
