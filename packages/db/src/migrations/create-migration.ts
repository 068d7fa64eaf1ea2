import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type DiffSchemaOptions, diffMigrationsToSchema } from "./diff-schema.js";
import { MIGRATION_LOCK } from "./migration-files.js";

/** Where and what: the migrations folder, the schema to reach, the new migration's name. */
export interface CreateMigrationOptions extends DiffSchemaOptions {
  name: string;
  /** The folder's timestamp prefix; defaults to now (UTC, `YYYYMMDDHHMMSS` as Prisma does). */
  now?: Date;
}

/**
 * Writes `<timestamp>_<name>/migration.sql` with the SQL that takes the existing migrations to
 * the schema (what `prisma migrate dev --create-only` writes), and the lock file if missing.
 * Returns the folder name, or `null` when the schema has no change to migrate.
 *
 * @example
 * const folder = await createMigration({ migrationsDir, schemaText, name: "add_agent_tags" });
 */
export async function createMigration(options: CreateMigrationOptions): Promise<string | null> {
  const name = options.name.trim().replace(/[^A-Za-z0-9_]+/g, "_");
  if (!name) throw new Error("a migration needs a name (letters, digits, underscores)");
  const sql = await diffMigrationsToSchema(options);
  if (!sql.trim()) return null;
  const stamp = (options.now ?? new Date())
    .toISOString()
    .replace(/[^0-9]/g, "")
    .slice(0, 14);
  const folder = `${stamp}_${name}`;
  mkdirSync(join(options.migrationsDir, folder), { recursive: true });
  writeFileSync(join(options.migrationsDir, folder, "migration.sql"), sql);
  const lockPath = join(options.migrationsDir, "migration_lock.toml");
  if (!existsSync(lockPath)) writeFileSync(lockPath, MIGRATION_LOCK);
  return folder;
}
