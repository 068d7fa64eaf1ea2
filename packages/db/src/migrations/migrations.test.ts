import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestPostgresDatabase,
  OPEN_TIMEOUT_MS,
  postgresSkipReason,
} from "../test-support/databases.js";
import { applyMigrations, pendingMigrations } from "./apply-migrations.js";
import { createMigration } from "./create-migration.js";
import { packagePrismaDir, readMigrationFolders } from "./migration-files.js";

const prismaDir = packagePrismaDir();
const migrationsDir = join(prismaDir, "migrations");
const schemaText = readFileSync(join(prismaDir, "schema.prisma"), "utf8");
const MODELS = [
  "Tenant",
  "ApiKey",
  "Agent",
  "McpServer",
  "McpServerConfig",
  "McpToolExecution",
  "McpRegistryEntry",
  "McpRegistryRating",
];
// The engine replays migrations in in-memory PGlite shadow databases: slow on a busy machine.
const SLOW = OPEN_TIMEOUT_MS;

describe("migrations", () => {
  let pglite: PGlite;
  const scratch = mkdtempSync(join(tmpdir(), "mcp-db-migrations-"));
  beforeAll(async () => {
    pglite = await PGlite.create();
  }, OPEN_TIMEOUT_MS);
  afterAll(async () => {
    await pglite.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("are Prisma's own folders with a postgresql lock file", () => {
    expect(readFileSync(join(migrationsDir, "migration_lock.toml"), "utf8")).toContain(
      'provider = "postgresql"',
    );
    const folders = readMigrationFolders(migrationsDir);
    expect(folders.length).toBeGreaterThan(0);
    for (const folder of folders) expect(folder.name).toMatch(/^\d{14}_[a-z0-9_]+$/);
  });

  it("apply to an empty database, record themselves, and a second run applies nothing", {
    timeout: SLOW,
  }, async () => {
    const query = async (sql: string) => (await pglite.query<Record<string, unknown>>(sql)).rows;
    const options = { factory: new PrismaPGlite(pglite), query, migrationsDir, schemaText };
    const names = readMigrationFolders(migrationsDir).map((folder) => folder.name);
    expect(await pendingMigrations(options)).toEqual(names);
    expect(await applyMigrations(options)).toEqual(names);
    const tables = await query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`);
    expect(tables.map((row) => row["tablename"])).toEqual(
      expect.arrayContaining([...MODELS, "_prisma_migrations"]),
    );
    const recorded = await query(`SELECT migration_name, checksum FROM "_prisma_migrations"`);
    expect(recorded.map((row) => row["migration_name"])).toEqual(names);
    expect(await pendingMigrations(options)).toEqual([]);
    expect(await applyMigrations(options)).toEqual([]);
    // Forced, the engine itself checks and also finds nothing to apply.
    expect(await applyMigrations({ ...options, force: true })).toEqual([]);
  });

  it("produce exactly the schema: diffing them to schema.prisma is empty (no drift)", {
    timeout: SLOW,
  }, async () => {
    const copy = join(scratch, "drift");
    cpSync(migrationsDir, copy, { recursive: true });
    expect(await createMigration({ migrationsDir: copy, schemaText, name: "drift", pglite })).toBeNull();
    expect(readdirSync(copy).sort()).toEqual(readdirSync(migrationsDir).sort());
  });

  it("a new migration from an empty folder creates every model", { timeout: SLOW }, async () => {
    const empty = join(scratch, "fresh");
    const now = new Date("2030-01-02T03:04:05Z");
    const folder = await createMigration({ migrationsDir: empty, schemaText, name: "init me", now, pglite });
    expect(folder).toBe("20300102030405_init_me");
    expect(existsSync(join(empty, "migration_lock.toml"))).toBe(true);
    const sql = readFileSync(join(empty, folder!, "migration.sql"), "utf8");
    for (const model of MODELS) expect(sql).toContain(`CREATE TABLE "${model}"`);
    await expect(createMigration({ migrationsDir: empty, schemaText, name: " " })).rejects.toThrow(/name/);
  });

  it("the committed generated client matches schema.prisma (run db:generate after a change)", () => {
    const generated = readFileSync(join(prismaDir, "../src/generated/prisma/internal/class.ts"), "utf8");
    const inline = /"inlineSchema": ("(?:[^"\\]|\\.)*")/.exec(generated)?.[1];
    expect(inline && JSON.parse(inline)).toBe(schemaText);
  });
});

const skip = postgresSkipReason();
describe.skipIf(skip !== null)(`migrations on PostgreSQL${skip ? ` (skipped: ${skip})` : ""}`, () => {
  it("apply to an empty database and then find nothing pending", { timeout: SLOW }, async () => {
    const { createDatabase } = await import("../database.js");
    const { TEST_KEY } = await import("../test-support/databases.js");
    const created = await createTestPostgresDatabase();
    try {
      const names = readMigrationFolders(migrationsDir).map((folder) => folder.name);
      const db = await createDatabase(created.url, { encryptionKey: TEST_KEY });
      expect(db.provider).toBe("postgresql");
      expect(db.appliedMigrations).toEqual(names);
      await db.close();
      const again = await createDatabase(created.url, { encryptionKey: TEST_KEY });
      expect(again.appliedMigrations).toEqual([]);
      expect(await again.prisma.mcpRegistryEntry.count()).toBe(0);
      await again.close();
    } finally {
      await created.drop();
    }
  });
});
