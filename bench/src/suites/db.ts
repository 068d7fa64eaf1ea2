// @mcp/db on embedded PGlite (and PostgreSQL when TEST_POSTGRES_URL is set): what the platform
// pays per request and per start. There is no counterpart in @modelcontextprotocol/sdk (it has
// no persistence), so the comparison is within the package: the start-up migration check with
// the fast path (one query on _prisma_migrations) against asking Prisma's WebAssembly schema
// engine, as `prisma migrate deploy` would. Reported: medians over rounds; ratio = engine / fast.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import {
  applyMigrations,
  createApiKey,
  createDatabase,
  createServer,
  createTenant,
  type Database,
  finishExecution,
  finishExecutionFast,
  packagePrismaDir,
  recordExecutionStart,
  resolveEffectiveConfig,
  startExecution,
  upsertServerConfig,
  verifyApiKey,
} from "@mcp/db";
import { PrismaPGlite } from "pglite-prisma-adapter";

export const name = "db: start-up migration check, audit writes, key checks (@mcp/db on PGlite)";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const OPS = Number(process.env.BENCH_DB_OPS ?? 100);

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function perOp(label: string, ops: number, fn: (i: number) => Promise<unknown>) {
  const rounds: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const start = performance.now();
    for (let i = 0; i < ops; i += 1) await fn(round * ops + i);
    rounds.push(((performance.now() - start) * 1000) / ops);
  }
  const m = median(rounds);
  console.log(
    `${label.padEnd(48)} median ${m.toFixed(0).padStart(7)} µs/op  (${(1e6 / m).toFixed(0)} ops/s)`,
  );
  return m;
}

async function requestPath(db: Database, kind: string) {
  const tenant = await createTenant(db, { slug: `bench-${Date.now()}`, name: "Bench" });
  const server = await createServer(
    db,
    { tenantId: tenant.id },
    {
      slug: "calc",
      name: "Calc",
      transport: "stdio",
      command: "mcp-server-calculator",
      env: { TOKEN: "secret" },
    },
  );
  await upsertServerConfig(db, tenant.id, {
    serverId: server.id,
    timeoutMs: 5_000,
    envOverrides: { A: "1" },
  });
  const { plaintext } = await createApiKey(db, { tenantId: tenant.id, name: "bench" });
  await perOp(`[${kind}] verifyApiKey`, OPS, () => verifyApiKey(db, plaintext));
  await perOp(`[${kind}] resolveEffectiveConfig`, OPS, () =>
    resolveEffectiveConfig(db, tenant.id, { serverId: server.id }),
  );
  await perOp(`[${kind}] startExecution + finishExecution`, OPS, async (i) => {
    const run = await startExecution(db, tenant.id, {
      serverId: server.id,
      toolName: "add",
      arguments: { a: i },
    });
    await finishExecution(db, tenant.id, run.id, { status: "succeeded", result: { n: i }, isError: false });
  });
  // The API's audit path (issue #8): one trusted INSERT and one finishing statement, through the
  // driver (prepared once on PGlite), against the checked Prisma path above, in the same run.
  await perOp(`[${kind}] recordExecutionStart + finishExecutionFast`, OPS, async (i) => {
    const run = recordExecutionStart(db, tenant.id, {
      serverId: server.id,
      toolName: "add",
      arguments: { a: i },
    });
    await run.done;
    await finishExecutionFast(db, tenant.id, run.id, {
      status: "succeeded",
      result: { n: i },
      isError: false,
      attempts: 1,
      durationMs: 1,
    });
  });
}

export async function run(): Promise<void> {
  const pglite = await PGlite.create();
  const db = await createDatabase(undefined, {
    pglite,
    encryptionKey: Buffer.alloc(32, 1).toString("base64"),
  });
  const prismaDir = packagePrismaDir();
  const options = {
    factory: new PrismaPGlite(pglite),
    query: async (sql: string) => (await pglite.query<Record<string, unknown>>(sql)).rows,
    migrationsDir: join(prismaDir, "migrations"),
    schemaText: readFileSync(join(prismaDir, "schema.prisma"), "utf8"),
  };
  const fast = await perOp("[pglite] start-up check, fast path (1 query)", 5, () => applyMigrations(options));
  const engine = await perOp("[pglite] start-up check, schema engine", 1, () =>
    applyMigrations({ ...options, force: true }),
  );
  console.log(`start-up check: engine / fast path = ${(engine / fast).toFixed(0)}x`);
  await requestPath(db, "pglite");
  await db.close();
  await pglite.close();

  const url = process.env.TEST_POSTGRES_URL;
  if (url) {
    const { default: pg } = await import("pg");
    const dbName = `mcp_db_bench_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${dbName}"`);
    const target = new URL(url);
    target.pathname = `/${dbName}`;
    try {
      const pgDb = await createDatabase(target.toString(), {
        encryptionKey: Buffer.alloc(32, 1).toString("base64"),
      });
      await requestPath(pgDb, "postgresql");
      await pgDb.close();
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
      await admin.end();
    }
  } else {
    console.log("(PostgreSQL part skipped: TEST_POSTGRES_URL is not set)");
  }
}
