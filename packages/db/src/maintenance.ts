import type { Database } from "./database.js";

/** What `maintainEmbeddedDatabase` did. */
export interface MaintenanceReport {
  /** False on PostgreSQL, whose autovacuum does this work itself. */
  ran: boolean;
  /** How long the embedded database was busy with it. */
  durationMs: number;
}

/**
 * Vacuums and analyzes the embedded database. PGlite runs PostgreSQL in single-user mode, without
 * the autovacuum daemon, so nothing else ever does it: the dead row versions of every UPDATE
 * (the execution audit's finishes, the servers' usage figures) stay in the tables and their
 * indexes, and the planner never gets statistics. Runs on the caller's thread and blocks other
 * queries meanwhile (about half a second for 100,000 audit rows on a slow core; much less once
 * the pages are all-visible), so call it at start-up and now and then, not per request.
 * A no-op on PostgreSQL.
 *
 * @example
 * const { ran, durationMs } = await maintainEmbeddedDatabase(db);
 */
export async function maintainEmbeddedDatabase(db: Database): Promise<MaintenanceReport> {
  if (db.provider !== "pglite") return { ran: false, durationMs: 0 };
  const started = performance.now();
  // The platform's own tables only: the system catalogs barely change after the migrations, and
  // including them made the first run ~0.5 s instead of a few milliseconds on a new database.
  const tables = await db.query(
    `SELECT format('%I.%I', n.nspname, c.relname) AS "name" FROM pg_class c
     JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind = 'r' AND n.nspname = current_schema()`,
  );
  if (tables.length > 0)
    await db.query(`VACUUM (ANALYZE) ${tables.map((t) => String(t["name"])).join(", ")}`);
  return { ran: true, durationMs: performance.now() - started };
}
