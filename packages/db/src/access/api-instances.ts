import type { Database } from "../database.js";
import { INTERRUPTED_ERROR_CODE } from "./interrupted-executions.js";

// Several API processes may share one PostgreSQL database. Each registers itself as an
// `ApiInstance` and renews a heartbeat; the `running` rows of its calls carry its id. When a
// process dies without finishing its calls (a crash, kill -9, a lost host), its heartbeat stops,
// and any other instance (or the next one to start) closes those rows. Times are the database's
// clock (UTC, as Prisma stores them), never the hosts': their clocks may disagree.

const NOW_UTC = `(now() AT TIME ZONE 'UTC')`;

/** Who an API process is, for operators reading the table. */
export interface ApiInstanceInfo {
  /** Unique per process start (a UUID). */
  id: string;
  host: string;
  pid: number;
}

/**
 * Records the instance as alive now, creating its row if it has none (first heartbeat, or its
 * row was removed because its heartbeat had stopped for too long, e.g. a paused VM).
 *
 * @example
 * await heartbeatApiInstance(db, { id: randomUUID(), host: hostname(), pid: process.pid });
 */
export async function heartbeatApiInstance(db: Database, instance: ApiInstanceInfo): Promise<void> {
  await db.query(
    `INSERT INTO "ApiInstance" ("id", "host", "pid", "startedAt", "heartbeatAt")
     VALUES ($1, $2, $3::int, ${NOW_UTC}, ${NOW_UTC})
     ON CONFLICT ("id") DO UPDATE SET "heartbeatAt" = ${NOW_UTC}`,
    [instance.id, instance.host, instance.pid],
  );
}

/** Removes an instance that stops cleanly (its calls are finished or cancelled by then). */
export async function removeApiInstance(db: Database, id: string): Promise<void> {
  await db.query(`DELETE FROM "ApiInstance" WHERE "id" = $1`, [id]);
}

/**
 * Closes the `running` executions of every instance whose heartbeat is older than
 * `staleAfterMs` (status `cancelled`, error code `interrupted`, finished now, duration NULL,
 * usage untouched, as `closeInterruptedExecutions` does), and removes those instances, in one
 * statement: two instances sweeping at once close each row once. Returns what it closed.
 *
 * @example
 * const { instances, executions } = await closeAbandonedExecutions(db, { staleAfterMs: 60_000 });
 */
export async function closeAbandonedExecutions(
  db: Database,
  options: { staleAfterMs: number },
): Promise<{ instances: number; executions: number }> {
  // `"status" = 'running'` as written matches the partial index on ("instanceId") of running
  // rows (see the api_instances migration): the sweep never reads the finished rows.
  const rows = await db.query(
    `WITH stale AS (
       DELETE FROM "ApiInstance"
       WHERE "heartbeatAt" < ${NOW_UTC} - make_interval(secs => $1::float8 / 1000)
       RETURNING "id"
     ), closed AS (
       UPDATE "McpToolExecution" SET "status" = 'cancelled'::"ExecutionStatus", "errorCode" = $2,
         "errorMessage" = $3, "finishedAt" = ${NOW_UTC}
       WHERE "status" = 'running' AND "instanceId" IN (SELECT "id" FROM stale)
       RETURNING "id"
     )
     SELECT (SELECT count(*) FROM stale)::int AS "instances", (SELECT count(*) FROM closed)::int AS "executions"`,
    [
      options.staleAfterMs,
      INTERRUPTED_ERROR_CODE,
      "the API instance running this call stopped (a crash, a kill, a lost host); whether the tool finished is unknown",
    ],
  );
  return {
    instances: Number(rows[0]?.["instances"] ?? 0),
    executions: Number(rows[0]?.["executions"] ?? 0),
  };
}
