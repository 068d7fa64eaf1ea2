import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { toMigrationList } from "./migration-files.js";
import { openSchemaEngine } from "./schema-engine.js";

/** What to compare: a migrations folder and the Prisma schema it should produce. */
export interface DiffSchemaOptions {
  migrationsDir: string;
  schemaText: string;
  /** A PGlite to bind the engine to (the diff only uses the shadow database); default a new one. */
  pglite?: PGlite;
}

/**
 * The SQL that takes a database built by the migrations in `migrationsDir` to `schemaText`
 * (what `prisma migrate diff --from-migrations --to-schema --script` prints). Empty when the
 * migrations already produce the schema: that is the drift check. Runs on an in-memory PGlite,
 * whose shadow database the engine replays the migrations into.
 *
 * @example
 * const sql = await diffMigrationsToSchema({ migrationsDir, schemaText });
 * if (sql.trim()) throw new Error("schema.prisma has changes without a migration");
 */
export async function diffMigrationsToSchema(options: DiffSchemaOptions): Promise<string> {
  const pglite = options.pglite ?? new PGlite();
  try {
    const engine = await openSchemaEngine(new PrismaPGlite(pglite), options.schemaText);
    try {
      const result = await engine.diff({
        from: { tag: "migrations", ...toMigrationList(options.migrationsDir) },
        to: { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: options.schemaText }] },
        script: true,
        exitCode: null,
        filters: { externalTables: [], externalEnums: [] },
      });
      return stripEmptyMarker(result.stdout ?? "");
    } finally {
      engine.free();
    }
  } finally {
    if (!options.pglite) await pglite.close();
  }
}

// The engine answers an empty diff with a comment line rather than nothing.
function stripEmptyMarker(sql: string): string {
  return sql.trim() === "-- This is an empty migration." ? "" : sql;
}
