import { mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { loadOrCreateKeyFile } from "./crypto/key-file.js";
import { createSecretBox, generateEncryptionKey, type SecretBox } from "./crypto/secret-box.js";
import { DbError } from "./errors.js";
import { PrismaClient } from "./generated/prisma/client.js";
import { applyMigrations, type QueryRows } from "./migrations/apply-migrations.js";
import { packagePrismaDir } from "./migrations/migration-files.js";

/** Options of `createDatabase`. */
export interface CreateDatabaseOptions {
  /** The embedded database's directory (default `.data` under the working directory). */
  dataDir?: string;
  /** Base64 of 32 bytes; default `MCP_ENCRYPTION_KEY`, then (embedded only) a generated key file. */
  encryptionKey?: string;
  /** Apply pending migrations (default true). */
  migrate?: boolean;
  /** An existing PGlite to use; the caller keeps ownership (`close()` leaves it open). */
  pglite?: PGlite;
}

/** An open platform database. */
export interface Database {
  /** The Prisma client. Prefer the tenant-scoped functions of this package. */
  prisma: PrismaClient;
  provider: "pglite" | "postgresql";
  /** Encrypts and decrypts the secrets stored in the database. */
  secrets: SecretBox;
  /** Migrations applied by this open (empty when the database was up to date). */
  appliedMigrations: string[];
  /**
   * Runs raw SQL (`$1`… parameters) through the database's own driver, without Prisma's
   * per-query cost (used by reset, tests, and the execution audit's hot path).
   */
  query: QueryRows;
  /**
   * Runs one or more `;`-separated statements without parameters in ONE round trip through the
   * simple query protocol (one implicit transaction unless the text says otherwise) and returns
   * the rows of the last statement that returned rows. Never put request data in `sql` unless
   * quoted with `sqlLiteral`: unlike `query`, this accepts several statements.
   */
  simpleQuery(sql: string): Promise<Record<string, unknown>[]>;
  /** Applies pending migrations now; returns the names applied. */
  migrate(): Promise<string[]>;
  close(): Promise<void>;
}

interface Connection {
  provider: Database["provider"];
  factory: SqlMigrationAwareDriverAdapterFactory;
  query: QueryRows;
  simpleQuery(sql: string): Promise<Record<string, unknown>[]>;
  keyFileDir?: string;
  close(): Promise<void>;
}

/**
 * Opens the platform database and applies pending migrations.
 * No URL: embedded PGlite in `dataDir` (default `.data/`); a path or `file:` URL: PGlite in that
 * directory; `memory://`: PGlite in memory;
 * `postgres://` or `postgresql://`: PostgreSQL through `@prisma/adapter-pg`.
 *
 * @example
 * const db = await createDatabase(process.env.DATABASE_URL);
 * const tenants = await db.prisma.tenant.count();
 * await db.close();
 */
export async function createDatabase(url?: string, options: CreateDatabaseOptions = {}): Promise<Database> {
  const connection = await connect(url ?? "", options);
  try {
    const secrets = createSecretBox(encryptionKey(connection, options));
    const prisma = new PrismaClient({ adapter: connection.factory });
    const prismaDir = packagePrismaDir();
    const migrate = () =>
      applyMigrations({
        factory: connection.factory,
        query: connection.query,
        migrationsDir: join(prismaDir, "migrations"),
        schemaText: readFileSync(join(prismaDir, "schema.prisma"), "utf8"),
      });
    const appliedMigrations = options.migrate === false ? [] : await migrate();
    return {
      prisma,
      provider: connection.provider,
      secrets,
      appliedMigrations,
      query: connection.query,
      simpleQuery: connection.simpleQuery,
      migrate,
      async close() {
        await prisma.$disconnect();
        await connection.close();
      },
    };
  } catch (error) {
    await connection.close();
    throw error;
  }
}

function encryptionKey(connection: Connection, options: CreateDatabaseOptions): string | Buffer {
  const configured = options.encryptionKey ?? process.env["MCP_ENCRYPTION_KEY"];
  if (configured) return configured;
  if (connection.keyFileDir) return loadOrCreateKeyFile(connection.keyFileDir);
  if (connection.provider === "pglite") return generateEncryptionKey(); // in memory: dies with it
  throw new DbError("invalid", "MCP_ENCRYPTION_KEY (base64 of 32 bytes) is required with PostgreSQL");
}

async function connect(url: string, options: CreateDatabaseOptions): Promise<Connection> {
  if (/^postgres(ql)?:\/\//.test(url)) {
    const pool = new pg.Pool({ connectionString: url });
    return {
      provider: "postgresql",
      factory: new PrismaPg(pool),
      query: async (sql, params, options) =>
        (
          await (options?.name
            ? pool.query({ name: options.name, text: sql, values: params ?? [] })
            : pool.query(sql, params))
        ).rows,
      simpleQuery: async (sql) => {
        // node-postgres answers a multi-statement text with one result per statement.
        const results = (await pool.query(sql)) as pg.QueryResult | pg.QueryResult[];
        return lastRows(
          (Array.isArray(results) ? results : [results]).map((result) => ({
            rows: result.rows,
            fields: result.fields,
          })),
        );
      },
      close: () => pool.end(),
    };
  }
  if (options.pglite) return pgliteConnection(options.pglite, false);
  if (url === "memory://") return pgliteConnection(await PGlite.create(), true);
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1];
  if (scheme !== undefined && scheme !== "file") {
    throw new DbError("invalid", `unsupported database URL scheme: ${scheme}`);
  }
  // A file: URL or a plain path names the embedded database's directory.
  const location = scheme === "file" ? url.slice("file:".length).replace(/^\/\/(?=\/)/, "") : url;
  const dataDir = resolve(location || options.dataDir || ".data");
  mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create(join(dataDir, "pglite"));
  return { ...pgliteConnection(pglite, true), keyFileDir: dataDir };
}

function pgliteConnection(pglite: PGlite, owned: boolean): Connection {
  return {
    provider: "pglite",
    factory: new PrismaPGlite(pglite),
    query: async (sql, params) => (await pglite.query<Record<string, unknown>>(sql, params)).rows,
    simpleQuery: async (sql) => lastRows(await pglite.exec(sql)),
    close: async () => {
      if (owned && !pglite.closed) await pglite.close();
    },
  };
}

/** The rows of the last statement that returns rows (SET, RESET and the like return none). */
function lastRows(
  results: readonly { rows: unknown[]; fields: readonly unknown[] }[],
): Record<string, unknown>[] {
  for (let i = results.length - 1; i >= 0; i--) {
    const result = results[i];
    if (result && result.fields.length > 0) return result.rows as Record<string, unknown>[];
  }
  return [];
}
