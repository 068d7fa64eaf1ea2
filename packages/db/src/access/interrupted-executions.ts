import type { Database } from "../database.js";

// A `running` row is written for a call that outlives the running-row delay, and finished when
// the call ends. If the process that ran the call died first (a crash, kill -9, a power cut),
// nothing will ever finish it: left alone it would claim forever that the call is running.

/** The error code of an execution closed because the process running it stopped. */
export const INTERRUPTED_ERROR_CODE = "interrupted";

/**
 * The SET clause of every statement that closes a running execution as interrupted (here, and
 * for the API instances of a shared database): status `cancelled`, the error code and message
 * (placeholders such as `$2`), finished at `finishedAt` (SQL), duration left NULL.
 */
export function interruptedSet(code: string, message: string, finishedAt: string): string {
  return `SET "status" = 'cancelled'::"ExecutionStatus", "errorCode" = ${code}, "errorMessage" = ${message}, "finishedAt" = ${finishedAt}`;
}

/**
 * Closes every execution still `running` that started before `startedBefore`: status
 * `cancelled`, error code `interrupted`, finished now, duration unknown (NULL). Only for a caller
 * that knows no live process is running those calls, e.g. the only process on an embedded
 * database, at start-up. The servers' usage figures are left alone: whether the tool ran to an
 * answer is unknown. Returns how many were closed.
 *
 * @example
 * const closed = await closeInterruptedExecutions(db, { startedBefore: new Date() });
 */
export async function closeInterruptedExecutions(
  db: Database,
  options: { startedBefore: Date },
): Promise<number> {
  const rows = await db.query(
    `UPDATE "McpToolExecution" ${interruptedSet("$1", "$2", "$3::timestamp")}
     WHERE "status" = 'running'::"ExecutionStatus" AND "startedAt" < $4::timestamp
     RETURNING "id"`,
    [
      INTERRUPTED_ERROR_CODE,
      "the API stopped while this call was running (a crash or a kill); whether the tool finished is unknown",
      new Date().toISOString(),
      options.startedBefore.toISOString(),
    ],
  );
  return rows.length;
}
