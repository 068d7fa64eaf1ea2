import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe } from "vitest";
import { type CreateDatabaseOptions, createDatabase, type Database } from "../database.js";

/**
 * How long opening a fresh PGlite may take in a test hook. Its initdb is CPU-bound WebAssembly:
 * about 3 s on an idle core, but over a minute when the whole repository's tests share 2 cores.
 */
export const OPEN_TIMEOUT_MS = 300_000;

/** A fixed key for tests, so raw rows can be checked against it. */
export const TEST_KEY = Buffer.alloc(32, 7).toString("base64");

const postgresUrl = process.env["TEST_POSTGRES_URL"];
const required = process.env["MCP_REQUIRE_SERVICES"] === "1";

/** Why PostgreSQL tests are skipped here, or null when they run. Throws in CI without a URL. */
export function postgresSkipReason(): string | null {
  if (postgresUrl) return null;
  if (required) throw new Error("MCP_REQUIRE_SERVICES=1 but TEST_POSTGRES_URL is not set");
  return "TEST_POSTGRES_URL is not set (CI sets it; export it to run these against PostgreSQL)";
}

/** A throwaway PostgreSQL database `mcp_db_test_<random>`, dropped by `drop()`. */
export async function createTestPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  if (!postgresUrl) throw new Error("TEST_POSTGRES_URL is not set");
  const name = `mcp_db_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: postgresUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

/** How a suite opens its database. */
export interface DatabaseKind {
  name: "pglite" | "postgresql";
  open(options?: CreateDatabaseOptions): Promise<Database>;
  /** Releases what `open` created (the PostgreSQL database). */
  cleanup(): Promise<void>;
}

const pgliteKind = (): DatabaseKind => ({
  name: "pglite",
  open: (options) => createDatabase("memory://", { encryptionKey: TEST_KEY, ...options }),
  cleanup: async () => {},
});

const postgresKind = (): DatabaseKind => {
  let drop: (() => Promise<void>) | undefined;
  return {
    name: "postgresql",
    async open(options) {
      const created = await createTestPostgresDatabase();
      drop = created.drop;
      return createDatabase(created.url, { encryptionKey: TEST_KEY, ...options });
    },
    cleanup: async () => drop?.(),
  };
};

/**
 * Runs the same suite against PGlite and, when `TEST_POSTGRES_URL` is set, PostgreSQL (skipped
 * with the reason otherwise; a failure when `MCP_REQUIRE_SERVICES=1`).
 */
export function describeEachDatabase(title: string, suite: (kind: DatabaseKind) => void): void {
  // Each test is a few queries, but a loaded 2-core machine can stretch them past vitest's 20 s.
  const options = { timeout: 90_000 };
  describe(`${title} (PGlite)`, options, () => suite(pgliteKind()));
  const skip = postgresSkipReason();
  if (skip) describe.skip(`${title} (PostgreSQL): skipped, ${skip}`, options, () => suite(postgresKind()));
  else describe(`${title} (PostgreSQL)`, options, () => suite(postgresKind()));
}

/**
 * Opens the kind's database before the suite's tests and closes it (and what `open` created)
 * after them; `use` receives it once it is open.
 *
 * @example
 * let db: Database;
 * openDatabaseForSuite(kind, (opened) => { db = opened; });
 */
export function openDatabaseForSuite(kind: DatabaseKind, use: (db: Database) => void): void {
  let db: Database | undefined;
  beforeAll(async () => {
    db = await kind.open();
    use(db);
  }, OPEN_TIMEOUT_MS);
  afterAll(async () => {
    await db?.close();
    await kind.cleanup();
  });
}
