import { allowedCommandsFromEnv } from "./security/launch-policy.js";

/** Settings of the API process, read once from the environment at start. */
export interface ApiConfig {
  port: number;
  host: string;
  /** `postgres://…` for PostgreSQL; undefined for the embedded PGlite database. */
  databaseUrl: string | undefined;
  /** Where the embedded database and its encryption key live. */
  dataDir: string;
  /** A platform admin key to install instead of generating one (`MCP_ADMIN_API_KEY`). */
  adminApiKey: string | undefined;
  /** Commands a stdio server may run (`MCP_ALLOWED_COMMANDS`; default: the bundled servers). */
  allowedCommands: readonly string[];
  /** Largest request body accepted, in bytes. */
  maxBodyBytes: number;
  /** Most server processes alive at once across all tenants. */
  maxServerProcesses: number;
  /** A pooled server idle this long is stopped. */
  serverIdleMs: number;
  logLevel: string;
  /** Whether HTTP servers may point at loopback or private addresses (`MCP_ALLOW_PRIVATE_URLS=1`). */
  allowPrivateUrls: boolean;
  /**
   * How long verified keys, tenants and resolved configurations are reused (`MCP_CACHE_TTL_MS`,
   * default 5000; 0 turns the cache off): the longest another instance's write may go unseen.
   */
  cacheTtlMs: number;
  /**
   * Write an execution's `running` row only if the call is still running after this long
   * (`MCP_AUDIT_RUNNING_ROW_DELAY_MS`, default 250; 0: while every call runs). Shorter calls get
   * one row with their final status; a crash loses the evidence of calls younger than this.
   */
  runningRowDelayMs: number;
  /**
   * Whether calls recorded once go through the audit journal in `<dataDir>/audit-journal`
   * (`MCP_AUDIT_JOURNAL`: `auto`, the default, uses it with the embedded database only, where
   * one process owns the data; `on`; `off`). See docs/decisions.md.
   */
  auditJournal: "auto" | "on" | "off";
  /** How long a journaled row may wait before its batch is applied (`MCP_AUDIT_JOURNAL_FLUSH_MS`, default 25). */
  auditJournalFlushMs: number;
  /**
   * On PostgreSQL, how often this instance renews its heartbeat and closes the running calls of
   * instances that died (`MCP_INSTANCE_HEARTBEAT_MS`, default 10000).
   */
  instanceHeartbeatMs: number;
  /**
   * On PostgreSQL, how long an instance's heartbeat may be silent before its running calls are
   * closed as `interrupted` (`MCP_INSTANCE_STALE_MS`, default 60000; at least twice the heartbeat).
   */
  instanceStaleMs: number;
}

/** Calls shorter than this get one audit row with their final status (docs/decisions.md). */
export const DEFAULT_RUNNING_ROW_DELAY_MS = 250;

function journalMode(raw: string | undefined): ApiConfig["auditJournal"] {
  if (raw === undefined || raw === "") return "auto";
  if (raw === "auto" || raw === "on" || raw === "off") return raw;
  throw new Error(`MCP_AUDIT_JOURNAL must be auto, on or off, got '${raw}'`);
}

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`${name} must be a positive integer, got '${raw}'`);
  }
  return value;
}

/**
 * Reads the API's settings; throws with the variable's name when one is malformed.
 *
 * @example
 * const config = loadConfig(process.env);
 */
export function loadConfig(env: Record<string, string | undefined>): ApiConfig {
  const port = env.PORT === undefined ? 8787 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`PORT must be 0-65535, got '${env.PORT}'`);
  return {
    port,
    host: env.HOST || "127.0.0.1",
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.MCP_DATA_DIR || ".data",
    adminApiKey: env.MCP_ADMIN_API_KEY || undefined,
    allowedCommands: allowedCommandsFromEnv(env),
    maxBodyBytes: positiveInt("MCP_MAX_BODY_BYTES", env.MCP_MAX_BODY_BYTES, 1024 * 1024),
    maxServerProcesses: positiveInt("MCP_MAX_SERVER_PROCESSES", env.MCP_MAX_SERVER_PROCESSES, 64),
    serverIdleMs: positiveInt("MCP_SERVER_IDLE_MS", env.MCP_SERVER_IDLE_MS, 10 * 60_000),
    logLevel: env.LOG_LEVEL || "info",
    allowPrivateUrls: env.MCP_ALLOW_PRIVATE_URLS === "1" || env.MCP_ALLOW_PRIVATE_URLS === "true",
    cacheTtlMs:
      env.MCP_CACHE_TTL_MS === "0" ? 0 : positiveInt("MCP_CACHE_TTL_MS", env.MCP_CACHE_TTL_MS, 5_000),
    runningRowDelayMs:
      env.MCP_AUDIT_RUNNING_ROW_DELAY_MS === "0"
        ? 0
        : positiveInt(
            "MCP_AUDIT_RUNNING_ROW_DELAY_MS",
            env.MCP_AUDIT_RUNNING_ROW_DELAY_MS,
            DEFAULT_RUNNING_ROW_DELAY_MS,
          ),
    auditJournal: journalMode(env.MCP_AUDIT_JOURNAL),
    auditJournalFlushMs: positiveInt("MCP_AUDIT_JOURNAL_FLUSH_MS", env.MCP_AUDIT_JOURNAL_FLUSH_MS, 25),
    ...instanceTiming(env),
  };
}

// A stale window shorter than two heartbeats would close the calls of a live instance whose
// heartbeat was merely late once.
function instanceTiming(env: Record<string, string | undefined>) {
  const instanceHeartbeatMs = positiveInt("MCP_INSTANCE_HEARTBEAT_MS", env.MCP_INSTANCE_HEARTBEAT_MS, 10_000);
  const instanceStaleMs = positiveInt("MCP_INSTANCE_STALE_MS", env.MCP_INSTANCE_STALE_MS, 60_000);
  if (instanceStaleMs < 2 * instanceHeartbeatMs) {
    throw new Error(
      `MCP_INSTANCE_STALE_MS (${instanceStaleMs}) must be at least twice MCP_INSTANCE_HEARTBEAT_MS (${instanceHeartbeatMs})`,
    );
  }
  return { instanceHeartbeatMs, instanceStaleMs };
}
