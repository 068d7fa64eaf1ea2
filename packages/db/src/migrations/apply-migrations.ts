import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { readMigrationFolders, toMigrationList } from "./migration-files.js";
import { openSchemaEngine } from "./schema-engine.js";

/** Runs one SQL query (with `$1`… parameters) and returns its rows; the database's own client, not Prisma's. */
/**
 * Raw SQL with `$1`… parameters. `name` makes it a named prepared statement on PostgreSQL: each
 * pooled connection parses it once and may then reuse a generic plan (PGlite ignores it).
 */
export type QueryRows = (
  sql: string,
  params?: unknown[],
  options?: { name?: string },
) => Promise<Record<string, unknown>[]>;

/** The database to migrate and the migrations to apply. */
export interface ApplyMigrationsOptions {
  factory: SqlMigrationAwareDriverAdapterFactory;
  query: QueryRows;
  migrationsDir: string;
  schemaText: string;
  /** Ask the schema engine even when `_prisma_migrations` says nothing is pending. */
  force?: boolean;
}

/**
 * Names of the migrations in `migrationsDir` that the database has not applied (or applied
 * from a different file: a checksum mismatch counts as pending, and the engine then decides).
 * One query; no WebAssembly engine.
 */
export async function pendingMigrations(options: Pick<ApplyMigrationsOptions, "query" | "migrationsDir">) {
  const folders = readMigrationFolders(options.migrationsDir);
  const [exists] = await options.query(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS "exists"`);
  if (!exists?.["exists"]) return folders.map((folder) => folder.name);
  const rows = await options.query(
    `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  );
  const applied = new Map(rows.map((row) => [String(row["migration_name"]), String(row["checksum"])]));
  return folders
    .filter((folder) => applied.get(folder.name) !== folder.checksum)
    .map((folder) => folder.name);
}

/**
 * Applies the pending migrations as `prisma migrate deploy` does (recorded in
 * `_prisma_migrations`), and returns the names applied. When nothing is pending it returns
 * `[]` after one query, without loading the schema engine: a normal start stays fast.
 *
 * @example
 * const applied = await applyMigrations({ factory, query, migrationsDir, schemaText });
 */
export async function applyMigrations(options: ApplyMigrationsOptions): Promise<string[]> {
  if (!options.force && (await pendingMigrations(options)).length === 0) return [];
  const engine = await openSchemaEngine(options.factory, options.schemaText);
  try {
    const result = await engine.applyMigrations({
      migrationsList: toMigrationList(options.migrationsDir),
      filters: { externalTables: [], externalEnums: [] },
    });
    return result.appliedMigrationNames;
  } finally {
    engine.free();
  }
}
