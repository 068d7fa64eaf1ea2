import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import {
  type ApiInstanceInfo,
  closeAbandonedExecutions,
  type Database,
  heartbeatApiInstance,
  removeApiInstance,
} from "@mcp/db";
import type { Logger } from "pino";

/** This process as an API instance on a shared database, while it runs. */
export interface InstanceLiveness {
  /** Stored with this instance's `running` audit rows. */
  instanceId: string;
  /** Stops the heartbeat and removes the instance (after its calls are finished). */
  stop(): Promise<void>;
}

/**
 * On PostgreSQL, where several API processes may share the database: registers this process as
 * an instance, then every `heartbeatMs` renews its heartbeat and closes the running calls of
 * instances silent for more than `staleAfterMs` (a crash, a kill, a lost host), once at start
 * too. With the embedded database there is one process, which closes what a previous run left at
 * start-up instead (`closeInterruptedExecutions`): returns undefined. A failed heartbeat or
 * sweep is logged and tried again at the next interval.
 *
 * @example
 * const liveness = await startInstanceLiveness(db, logger, { heartbeatMs: 10_000, staleAfterMs: 60_000 });
 * // ... executor records liveness?.instanceId with running rows
 * await liveness?.stop();
 */
export async function startInstanceLiveness(
  db: Database,
  logger: Logger,
  options: { heartbeatMs: number; staleAfterMs: number },
): Promise<InstanceLiveness | undefined> {
  if (db.provider !== "postgresql") return undefined;
  const instance: ApiInstanceInfo = { id: randomUUID(), host: hostname(), pid: process.pid };
  const beat = async () => {
    await heartbeatApiInstance(db, instance);
    const closed = await closeAbandonedExecutions(db, { staleAfterMs: options.staleAfterMs });
    if (closed.executions > 0 || closed.instances > 0) {
      logger.warn(
        closed,
        "closed the running executions of API instances that stopped without finishing them",
      );
    }
  };
  await beat();
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    // One beat at a time: a database slower than the interval must not pile them up.
    running ??= beat()
      .catch((error: unknown) =>
        logger.warn({ err: error }, "instance heartbeat failed; retrying at the next one"),
      )
      .finally(() => {
        running = undefined;
      });
  }, options.heartbeatMs);
  timer.unref();
  logger.info({ instanceId: instance.id }, "registered as an API instance on the shared database");
  return {
    instanceId: instance.id,
    async stop() {
      clearInterval(timer);
      await running;
      await removeApiInstance(db, instance.id).catch((error: unknown) =>
        logger.warn({ err: error }, "could not remove this API instance; the others will once it is stale"),
      );
    },
  };
}
