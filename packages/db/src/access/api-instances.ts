import type { Database } from "../database.js";
import { INTERRUPTED_ERROR_CODE, interruptedSet } from "./interrupted-executions.js";

// Several API processes may share one PostgreSQL database. Each registers itself as an
// `ApiInstance` and renews a heartbeat; the `running` rows of its calls carry its id. When a
// process dies without finishing its calls (a crash, kill -9, a lost host), its heartbeat stops,
// and any other instance (or the next one to start) closes those rows. Times are the database's
// clock (UTC, as Prisma stores them), never the hosts': their clocks may disagree.

// clock_timestamp(), not now(): now() is when the statement (its transaction) began, which
// for a heartbeat that waited on a lock is already old by the time it lands.
const NOW_UTC = `(clock_timestamp() AT TIME ZONE 'UTC')`;

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

const INTERRUPTED_MESSAGE =
  "the API instance running this call stopped (a crash, a kill, a lost host); whether the tool finished is unknown";

/**
 * Removes an instance that stops cleanly. Its calls are finished or cancelled by then; a row
 * still `running` is one whose finish failed (the database was out), and is closed with it:
 * nothing else would ever close it. Returns how many such rows were closed.
 */
export async function removeApiInstance(db: Database, id: string): Promise<number> {
  const rows = await db.query(
    `WITH gone AS (DELETE FROM "ApiInstance" WHERE "id" = $1)
     UPDATE "McpToolExecution" ${interruptedSet("$2", "$3", NOW_UTC)}
     WHERE "status" = 'running' AND "instanceId" = $1
     RETURNING "id"`,
    [id, INTERRUPTED_ERROR_CODE, INTERRUPTED_MESSAGE],
  );
  return rows.length;
}

/**
 * Closes the `running` executions of every instance whose heartbeat is older than
 * `staleAfterMs` (status `cancelled`, error code `interrupted`, finished now, duration NULL,
 * usage untouched, as `closeInterruptedExecutions` does), and removes those instances, in one
 * statement: two instances sweeping at once close each row once. Also closes running rows,
 * older than the window, of an instance that has no row any more (swept while paused, then
 * dead before its next heartbeat). The caller must itself have been heartbeating on time for
 * the whole window (see `startInstanceLiveness`): after a database outage every instance looks
 * stale for a moment. Returns what it closed.
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
  const staleBefore = `${NOW_UTC} - make_interval(secs => $1::float8 / 1000)`;
  const rows = await db.query(
    `WITH stale AS (
       DELETE FROM "ApiInstance" WHERE "heartbeatAt" < ${staleBefore} RETURNING "id"
     ), closed AS (
       UPDATE "McpToolExecution" AS e ${interruptedSet("$2", "$3", NOW_UTC)}
       WHERE e."status" = 'running' AND e."instanceId" IS NOT NULL AND (
         e."instanceId" IN (SELECT "id" FROM stale)
         -- (all parts of the statement see the instances as they were before it: hence the
         -- list of the stale ones above, and this test for instances gone earlier)
         OR (e."startedAt" < ${staleBefore}
           AND NOT EXISTS (SELECT 1 FROM "ApiInstance" AS i WHERE i."id" = e."instanceId")))
       RETURNING e."id"
     )
     SELECT (SELECT count(*) FROM stale)::int AS "instances", (SELECT count(*) FROM closed)::int AS "executions"`,
    [options.staleAfterMs, INTERRUPTED_ERROR_CODE, INTERRUPTED_MESSAGE],
  );
  return {
    instances: Number(rows[0]?.["instances"] ?? 0),
    executions: Number(rows[0]?.["executions"] ?? 0),
  };
}
