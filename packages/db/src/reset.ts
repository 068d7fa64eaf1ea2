import type { Database } from "./database.js";

/**
 * Drops everything in the database's `public` schema (tables, types, the migrations table),
 * then applies every migration again. Destroys all data: for development and tests.
 *
 * @example
 * await resetDatabase(db);
 * await seedDatabase(db);
 */
export async function resetDatabase(db: Database): Promise<string[]> {
  await db.query("DROP SCHEMA IF EXISTS public CASCADE");
  await db.query("CREATE SCHEMA public");
  return db.migrate();
}
