#!/usr/bin/env node
// The package's db:* scripts: migrate, migration:create, seed, reset. The database is the URL
// argument, else DATABASE_URL, else the embedded PGlite in ./.data.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createDatabase } from "./database.js";
import { createMigration } from "./migrations/create-migration.js";
import { packagePrismaDir } from "./migrations/migration-files.js";
import { resetDatabase } from "./reset.js";
import { seedDatabase } from "./seed.js";

const USAGE = `usage: cli <command> [arg]
  migrate [url]            apply pending migrations
  migration:create <name>  write a migration for the changes in prisma/schema.prisma
  seed [url]               register the bundled servers (idempotent)
  reset [url]              drop everything, re-apply the migrations, seed`;

async function main(argv: string[]): Promise<number> {
  const [command, arg] = argv;
  const url = arg ?? process.env["DATABASE_URL"];
  switch (command) {
    case "migrate": {
      const db = await createDatabase(url);
      console.log(db.appliedMigrations.length ? `applied: ${db.appliedMigrations.join(", ")}` : "up to date");
      await db.close();
      return 0;
    }
    case "migration:create": {
      if (!arg) {
        console.error("migration:create needs a name");
        return 2;
      }
      const prismaDir = packagePrismaDir();
      const folder = await createMigration({
        migrationsDir: join(prismaDir, "migrations"),
        schemaText: readFileSync(join(prismaDir, "schema.prisma"), "utf8"),
        name: arg,
      });
      console.log(
        folder
          ? `created prisma/migrations/${folder}`
          : "no changes: the migrations already match the schema",
      );
      return 0;
    }
    case "seed":
    case "reset": {
      const db = await createDatabase(url);
      if (command === "reset") console.log(`re-applied: ${(await resetDatabase(db)).join(", ")}`);
      const report = await seedDatabase(db);
      console.log(`servers ${JSON.stringify(report.servers)}\nregistry ${JSON.stringify(report.registry)}`);
      await db.close();
      return 0;
    }
    default:
      console.error(USAGE);
      return command === "--help" || command === "-h" ? 0 : 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
