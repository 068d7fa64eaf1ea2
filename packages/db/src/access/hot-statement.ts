import type { Database } from "../database.js";
import { sqlLiteral } from "./sql-literal.js";

/** A statement a hot path runs on every request, with its parameters' PostgreSQL types. */
export interface HotStatement {
  /** Unique among hot statements; a valid SQL identifier. */
  name: string;
  /** The type of each `$n`, in order. */
  types: readonly string[];
  sql: string;
}

type Param = string | number | boolean | null;

// Which hot statements each embedded database has prepared (one connection per PGlite).
const preparedByDb = new WeakMap<Database, Map<string, Promise<unknown>>>();

/**
 * Runs a hot statement through the database's own driver. On the embedded PGlite, whose
 * parse and plan run on this thread, the statement is prepared once (`PREPARE`) and then run
 * with `EXECUTE` and literal arguments (`EXECUTE` takes no bind parameters) under
 * `SET LOCAL plan_cache_mode = force_generic_plan`, both in one simple-protocol round trip: left
 * to itself PostgreSQL re-plans these statements on every run (their custom plans fold the NULL
 * foreign keys away and look cheaper than the generic plan), which cost about as much as running
 * them. On PostgreSQL it is a named statement (node-postgres prepares it once per pooled
 * connection); with real ids in its parameters the server then settles on the generic plan by
 * itself.
 *
 * @example
 * const rows = await runHotStatement(db, FINISH, [id, tenantId]);
 */
export async function runHotStatement(
  db: Database,
  statement: HotStatement,
  params: readonly Param[],
): Promise<Record<string, unknown>[]> {
  if (db.provider !== "pglite") return executeNamed(db, statement, params);
  return executePrepared(db, statement, params, true);
}

// 26000: no such prepared statement; 42P05: it exists already. Both mean the connection and
// node-postgres disagree about what is prepared: DEALLOCATE ALL or DISCARD ALL on a pooled
// connection, or a transaction-mode pooler (PgBouncer) handing the next query to another server
// connection. The statement then runs unnamed, which always works.
const LOST_STATEMENT = new Set(["26000", "42P05"]);

async function executeNamed(
  db: Database,
  statement: HotStatement,
  params: readonly Param[],
): Promise<Record<string, unknown>[]> {
  try {
    return await db.query(statement.sql, [...params], { name: statement.name });
  } catch (error) {
    if (!LOST_STATEMENT.has(String((error as { code?: unknown }).code))) throw error;
    return db.query(statement.sql, [...params]);
  }
}

async function executePrepared(
  db: Database,
  statement: HotStatement,
  params: readonly Param[],
  mayPrepareAgain: boolean,
): Promise<Record<string, unknown>[]> {
  let prepared = preparedByDb.get(db);
  if (!prepared) {
    prepared = new Map();
    preparedByDb.set(db, prepared);
  }
  const forDb = prepared;
  let ready = forDb.get(statement.name);
  if (!ready) {
    // 42P05: the session has it already (another handle on the same PGlite prepared it, or a
    // PREPARE whose answer was lost): the names are versioned, so it is this very statement.
    ready = db
      .query(`PREPARE ${statement.name} (${statement.types.join(", ")}) AS ${statement.sql}`)
      .catch((error: unknown) => {
        if ((error as { code?: unknown }).code !== "42P05") throw error;
        return [];
      });
    forDb.set(statement.name, ready);
    const preparing = ready;
    preparing.catch(() => {
      if (forDb.get(statement.name) === preparing) forDb.delete(statement.name);
    });
  }
  await ready;
  // SET LOCAL lasts until the end of the implicit transaction of this one query text, so the
  // session's settings are back to their own values afterwards, error or not. A generic plan is
  // built once and kept: built while a table was tiny (or analyzed empty at start-up) it would
  // keep a sequential scan as the table grows. Every table these statements read is reached by
  // its primary key, so sequential scans are ruled out while planning them.
  const execute = `SET LOCAL plan_cache_mode = force_generic_plan; SET LOCAL enable_seqscan = off; EXECUTE ${statement.name}(${params.map(sqlLiteral).join(", ")})`;
  try {
    return await db.simpleQuery(execute);
  } catch (error) {
    // 26000: the session lost the statement (DEALLOCATE ALL, DISCARD ALL): prepare it again,
    // once. Calls that found it lost together share one PREPARE: only the first to get here
    // forgets the old one, the others then find the new one in the map.
    if ((error as { code?: unknown }).code !== "26000" || !mayPrepareAgain) throw error;
    if (forDb.get(statement.name) === ready) forDb.delete(statement.name);
    return executePrepared(db, statement, params, false);
  }
}
