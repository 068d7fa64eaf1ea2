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

const STOP_WAIT_MS = 5_000;

/**
 * On PostgreSQL, where several API processes may share the database: registers this process as
 * an instance (a failure here fails the start, which needs the database anyway), renews its
 * heartbeat every `heartbeatMs`, and, on a timer of its own, closes the running calls of
 * instances silent for more than `staleAfterMs` (a crash, a kill, a lost host). A failed
 * heartbeat or sweep is logged and tried again at the next interval. With the embedded database
 * there is one process, which closes what a previous run left at start-up instead
 * (`closeInterruptedExecutions`): returns undefined.
 *
 * An instance sweeps only once its own heartbeats have landed on time for a whole stale window:
 * after a database outage, a failover or a lock that stalled everyone, every instance looks
 * stale for a moment, and the first one back must not close the others' live calls. If this
 * instance could beat for that long, so could any live instance.
 *
 * @example
 * const liveness = await startInstanceLiveness(db, logger, { heartbeatMs: 10_000, staleAfterMs: 60_000 });
 * // ... the executor stores liveness?.instanceId with running rows
 * await liveness?.stop();
 */
export async function startInstanceLiveness(
  db: Database,
  logger: Logger,
  options: { heartbeatMs: number; staleAfterMs: number },
): Promise<InstanceLiveness | undefined> {
  if (db.provider !== "postgresql") return undefined;
  const instance: ApiInstanceInfo = { id: randomUUID(), host: hostname(), pid: process.pid };
  // Since when this instance's heartbeats have all landed on time; undefined after a failure.
  let onTimeSince: number | undefined;
  let lastBeat = 0;
  const beat = async () => {
    try {
      await heartbeatApiInstance(db, instance);
    } catch (error) {
      onTimeSince = undefined;
      throw error;
    }
    const now = performance.now();
    if (onTimeSince === undefined || now - lastBeat > 2 * options.heartbeatMs) onTimeSince = now;
    lastBeat = now;
  };
  const sweep = async () => {
    if (onTimeSince === undefined || performance.now() - onTimeSince < options.staleAfterMs) return;
    const closed = await closeAbandonedExecutions(db, { staleAfterMs: options.staleAfterMs });
    if (closed.executions > 0 || closed.instances > 0) {
      logger.warn(
        closed,
        "closed the running executions of API instances that stopped without finishing them",
      );
    }
  };
  await beat();
  // Each on its own timer, one run at a time: a sweep stuck behind a lock must not hold back
  // the heartbeat (others would then see this instance as dead).
  const beating = repeat(beat, options.heartbeatMs, (error) =>
    logger.warn({ err: error }, "instance heartbeat failed; retrying at the next one"),
  );
  const sweeping = repeat(sweep, options.heartbeatMs, (error) =>
    logger.warn({ err: error }, "closing the calls of dead API instances failed; retrying"),
  );
  logger.info({ instanceId: instance.id }, "registered as an API instance on the shared database");
  return {
    instanceId: instance.id,
    async stop() {
      const settled = Promise.all([beating.stop(), sweeping.stop()]);
      await Promise.race([settled, new Promise((resolve) => setTimeout(resolve, STOP_WAIT_MS).unref())]);
      try {
        const closed = await removeApiInstance(db, instance.id);
        if (closed > 0)
          logger.warn({ executions: closed }, "closed running executions whose finish was lost");
      } catch (error) {
        logger.warn({ err: error }, "could not remove this API instance; the others will once it is stale");
      }
    },
  };
}

/** Runs `task` every `intervalMs`, never two at once; `stop` waits for the one in progress. */
function repeat(task: () => Promise<void>, intervalMs: number, onError: (error: unknown) => void) {
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    running ??= task()
      .catch(onError)
      .finally(() => {
        running = undefined;
      });
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
