import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  AuditJournal,
  closeInterruptedExecutions,
  createApiKey,
  createDatabase,
  createTenant,
  type Database,
  getTenant,
  isDbError,
  listApiKeys,
  seedDatabase,
  verifyApiKey,
} from "@mcp/db";
import pino, { type Logger } from "pino";
import { type AppDeps, createApp } from "./app.js";
import { PlatformCache } from "./cache/platform-cache.js";
import type { ApiConfig } from "./config.js";
import { ensureDemoDatabase } from "./demo-data.js";
import { ServerRuntime, TENANT_FILES_PLACEHOLDER } from "./execution/server-runtime.js";
import { ToolExecutor } from "./execution/tool-executor.js";
import { startEmbeddedMaintenance } from "./maintenance/embedded-maintenance.js";
import { startInstanceLiveness } from "./maintenance/instance-liveness.js";

/** A composed platform: the app and what it runs on, with one way to stop it all. */
export interface Platform extends AppDeps {
  app: ReturnType<typeof createApp>;
  /** The platform admin key, when this start created it (shown once, never stored in clear). */
  createdAdminKey: string | undefined;
  /** The audit journal in front of the database, when the configuration uses one. */
  auditJournal: AuditJournal | undefined;
  /** Finishes or cancels in-flight executions, stops every server process, closes the database. */
  close(options?: { drainTimeoutMs?: number }): Promise<void>;
}

/**
 * Opens (or creates) the database, applies migrations, seeds the bundled servers, makes sure a
 * platform admin key exists, and composes the app.
 *
 * @example
 * const platform = await startPlatform(loadConfig(process.env));
 * serve({ fetch: platform.app.fetch, port: platform.config.port });
 */
export async function startPlatform(
  config: ApiConfig,
  options: { logger?: Logger; database?: Database } = {},
): Promise<Platform> {
  const logger = options.logger ?? pino({ level: config.logLevel });
  const db =
    options.database ?? (await createDatabase(config.databaseUrl, { dataDir: resolve(config.dataDir) }));
  // A start that fails part-way releases what it took, last first: above all the journal's lock
  // (another start in this process would find it held) and the database it opened.
  const acquired: (() => Promise<void>)[] = options.database ? [] : [() => db.close()];
  try {
    return await composePlatform(config, logger, db, acquired, !options.database);
  } catch (error) {
    for (const release of acquired.reverse()) await release().catch(() => {});
    throw error;
  }
}

/** The rest of `startPlatform`, on its database; records in `acquired` how to release what it takes. */
async function composePlatform(
  config: ApiConfig,
  logger: Logger,
  db: Database,
  acquired: (() => Promise<void>)[],
  ownsDatabase: boolean,
): Promise<Platform> {
  const filesRoot = resolve(config.dataDir, "files");
  mkdirSync(filesRoot, { recursive: true });
  const demoDb = join(resolve(config.dataDir), "demo.sqlite");
  if (ensureDemoDatabase(demoDb)) logger.info({ file: demoDb }, "created the demo sales database");
  // The global filesystem server gives each tenant its own directory, filled in at spawn time.
  const seed = await seedDatabase(db, {
    filesystemRoot: TENANT_FILES_PLACEHOLDER,
    databaseUrl: `sqlite:${demoDb}`,
  });
  logger.info({ seed: { servers: seed.servers, registry: seed.registry } }, "seeded bundled servers");
  const createdAdminKey = await ensureAdminKey(db, config, logger);
  const journal = await openAuditJournal(db, config, logger);
  if (journal) acquired.push(() => journal.close());
  if (db.provider === "pglite") {
    // The embedded database has one process, this one, which serves nothing yet: a call still
    // `running` was the previous process's, and nothing will ever finish it.
    const closed = await closeInterruptedExecutions(db, { startedBefore: new Date() });
    if (closed > 0) logger.warn({ executions: closed }, "closed executions interrupted by the previous run");
  }
  const maintenance = await startEmbeddedMaintenance(db, logger);
  acquired.push(() => maintenance.stop());
  // On PostgreSQL other instances may be running calls right now: only the calls of instances
  // whose heartbeat stopped are closed, by whichever instance sees it first.
  const liveness = await startInstanceLiveness(db, logger, {
    heartbeatMs: config.instanceHeartbeatMs,
    staleAfterMs: config.instanceStaleMs,
  });
  if (liveness) acquired.push(() => liveness.stop());

  const runtime = new ServerRuntime({
    allowedCommands: config.allowedCommands,
    maxServers: config.maxServerProcesses,
    idleTimeoutMs: config.serverIdleMs,
    filesRoot,
    allowPrivateUrls: config.allowPrivateUrls,
  });
  const cache = new PlatformCache({ db, logger, ttlMs: config.cacheTtlMs });
  const executor = new ToolExecutor({
    db,
    cache,
    runtime,
    logger,
    runningRowDelayMs: config.runningRowDelayMs,
    ...(journal ? { journal } : {}),
    ...(liveness ? { instanceId: liveness.instanceId } : {}),
  });
  const deps: AppDeps = { db, config, logger, runtime, executor, cache };
  const app = createApp(deps);
  let closing: Promise<void> | undefined;
  return {
    ...deps,
    app,
    createdAdminKey,
    auditJournal: journal,
    close: (closeOptions = {}) => {
      closing ??= (async () => {
        const drainTimeoutMs = closeOptions.drainTimeoutMs ?? 10_000;
        // In-flight executions get the drain window; then the pool cancels what is left, each
        // cancellation is audited by its execution, and only then does the database close.
        const drained = executor.drain();
        await Promise.race([drained, new Promise((r) => setTimeout(r, drainTimeoutMs).unref())]);
        await runtime.shutdown(0);
        await drained;
        executor.close();
        // Every answered call is in the journal; what it has not applied yet goes in now, or
        // stays on disk for the next start if the database cannot take it.
        await journal?.close().catch((error: unknown) => {
          logger.error(
            { err: error },
            "the audit journal could not be applied; the next start will apply it",
          );
        });
        await liveness?.stop();
        await cache.settle();
        await maintenance.stop();
        if (ownsDatabase) await db.close();
      })();
      return closing;
    },
  };
}

/**
 * Opens the audit journal when the configuration asks for one (by default with the embedded
 * database only), applying what an earlier process left in it before anything is served.
 */
async function openAuditJournal(
  db: Database,
  config: ApiConfig,
  logger: Logger,
): Promise<AuditJournal | undefined> {
  const wanted = config.auditJournal === "on" || (config.auditJournal === "auto" && db.provider === "pglite");
  if (!wanted) return undefined;
  const journal = await AuditJournal.open({
    db,
    dir: join(resolve(config.dataDir), "audit-journal"),
    flushDelayMs: config.auditJournalFlushMs,
    onProblem: (problem) =>
      logger[problem.kind === "apply_failed" || problem.kind === "torn_tail" ? "warn" : "error"](
        { err: problem.error, kind: problem.kind },
        problem.message,
      ),
  });
  const { rows, recorded } = journal.replayed;
  if (rows > 0) logger.info({ rows, recorded }, "applied the audit journal left by the previous run");
  return journal;
}

/**
 * Makes sure the platform can be administered. With `MCP_ADMIN_API_KEY`, that key is installed
 * (once; a later revocation is respected). Otherwise, on the first start only, a key is
 * generated and returned to be printed once, and a `demo` tenant is created so the printed
 * example has somewhere to run.
 */
async function ensureAdminKey(db: Database, config: ApiConfig, logger: Logger): Promise<string | undefined> {
  if (config.adminApiKey) {
    if (await verifyApiKey(db, config.adminApiKey)) return undefined;
    try {
      await createApiKey(db, {
        tenantId: null,
        name: "admin (MCP_ADMIN_API_KEY)",
        role: "admin",
        plaintext: config.adminApiKey,
      });
    } catch (error) {
      if (isDbError(error) && error.code === "conflict") {
        logger.warn("MCP_ADMIN_API_KEY was revoked or has expired; it stays refused");
        return undefined;
      }
      throw error;
    }
    return undefined;
  }
  if ((await listApiKeys(db, null)).length > 0) return undefined;
  if (!(await getTenant(db, "demo"))) await createTenant(db, { slug: "demo", name: "Demo" });
  const { plaintext } = await createApiKey(db, {
    tenantId: null,
    name: "admin (first start)",
    role: "admin",
  });
  return plaintext;
}
