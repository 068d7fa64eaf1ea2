import { recordFinishedRowsJson } from "../access/execution-batch.js";
import type { Database } from "../database.js";

// When a batch fails, the journal must tell "the database cannot take anything now" (retry the
// batch later, with backoff) from "something in these rows can never be stored" (find the row
// and set it aside). Guessing wrong either way is bad: rows set aside while the database is
// merely out (a failover left it read-only, a migration holds a lock, a grant is missing) never
// reach it; a poison row treated as an outage wedges the journal for ever (every retry fails
// the same way, and at start-up the replay fails, so the API cannot start). So: codes that name
// a row's content are the row's fault; codes that name the connection or the server's state are
// an outage; for anything else (no code at all, like V8's "Invalid string length" for a batch
// too big to build, a statement timeout, a stack depth limit) the database is asked to run the
// very same statement with no rows: if that works, it can take writes, and the rows are to blame.

// 22 data exception, 23 integrity constraint violation.
const ROW_SQLSTATE = /^2[23]/;
// 08 connection exception, 25 invalid transaction state (25006: a read-only standby after a
// failover), 40 transaction rollback (serialization, deadlock), 53 insufficient resources (disk
// full, out of memory, too many connections), 55 object not in prerequisite state (lock not
// available), 57P operator intervention (shutdown, cannot connect now), 58 system error (I/O).
const OUTAGE_SQLSTATE = /^(08|25|40|53|55|57P|58)/;
// Node's system errors: ECONNREFUSED, ECONNRESET, ETIMEDOUT, EPIPE, EAI_AGAIN… (not ERR_*, which
// are programming errors such as a string too long to build).
const SYSTEM_ERROR = /^E(?!RR_)[A-Z_]+$/;

function codeOf(error: unknown): string {
  return String((error as { code?: unknown } | null)?.code ?? "");
}

/** Whether `error` names an outage: the batch is to be retried as it is, later. */
export function isOutage(error: unknown): boolean {
  const code = codeOf(error);
  return OUTAGE_SQLSTATE.test(code) || SYSTEM_ERROR.test(code);
}

/**
 * Whether the rows of a failed batch are to blame for `error` (rather than the database): true
 * for a data or constraint error, false for an outage, and otherwise true when the database
 * runs the batch statement with no rows.
 */
export async function isRowsFault(db: Database, error: unknown): Promise<boolean> {
  if (ROW_SQLSTATE.test(codeOf(error))) return true;
  if (isOutage(error)) return false;
  try {
    await recordFinishedRowsJson(db, [], { evenIfEmpty: true });
    return true;
  } catch {
    return false;
  }
}
