import { mkdirSync } from "node:fs";
import {
  Client,
  SseClientTransport,
  StreamableHttpClientTransport,
  WebSocketClientTransport,
} from "@mcp/client";
import { ManagedServer, type PoolKey, ServerPool } from "@mcp/client/manager";
import { StdioClientTransport } from "@mcp/client/stdio";
import type { ServerRecord } from "@mcp/db";
import type { Transport } from "@mcp/protocol";
import { assertLaunchAllowed } from "../security/launch-policy.js";
import { assertTenantLaunchAllowed, tenantRootOf } from "../security/tenant-launch-policy.js";
import { resolveBundledCommand } from "./bundled-servers.js";

/** Everything that decides which process (or connection) serves a call. */
export interface LaunchSpec {
  /** A global server is the operator's; a tenant's own server is held to its tenant's scope. */
  global: boolean;
  transport: ServerRecord["transport"];
  command: string | null;
  args: string[];
  cwd: string | null;
  env: Record<string, string>;
  url: string | null;
  headers: Record<string, string>;
}

/** Options of {@link ServerRuntime}. */
export interface ServerRuntimeOptions {
  allowedCommands: readonly string[];
  maxServers: number;
  idleTimeoutMs: number;
  /** The name the platform gives itself in `initialize`. */
  clientName?: string;
  clientVersion?: string;
  /** How long a server may take to start and initialize. */
  startTimeoutMs?: number;
  /** The platform's files root: each tenant's servers get `<filesRoot>/tenants/<tenant>`. */
  filesRoot: string;
  allowPrivateUrls: boolean;
}

/** The placeholder a server's arguments use for the calling tenant's own directory. */
export const TENANT_FILES_PLACEHOLDER = "{{tenant_files}}";

/** The launch of a server with the environment a config resolved for it. */
export function launchSpecOf(server: ServerRecord, env: Record<string, string>): LaunchSpec {
  return {
    global: server.global,
    transport: server.transport,
    command: server.command,
    args: server.args,
    cwd: server.cwd,
    env,
    url: server.url,
    headers: server.headers,
  };
}

/**
 * The platform's live MCP servers: one pooled, supervised connection per (tenant, server,
 * launch spec), so two tenants never share a session or a process, and a tenant's environment
 * overrides get a process of their own. Launches are checked against the operator's command
 * policy again at spawn time (a row may predate a policy change).
 *
 * @example
 * const runtime = new ServerRuntime({ allowedCommands, maxServers: 64, idleTimeoutMs: 600_000 });
 * const result = await runtime.use(tenantId, server.id, spec, (client, signal) => client.callTool({ name: "add", arguments: { a: 1, b: 2 } }, { signal }));
 */
export class ServerRuntime {
  readonly pool: ServerPool<Client, LaunchSpec>;
  readonly #options: ServerRuntimeOptions;
  // The pool keys of each platform server, so a change to a server can stop all its processes.
  readonly #keysByServer = new Map<string, Map<string, PoolKey<LaunchSpec>>>();

  constructor(options: ServerRuntimeOptions) {
    this.#options = options;
    this.pool = new ServerPool<Client, LaunchSpec>({
      createServer: (key) => this.#createManagedServer(key),
      maxServers: options.maxServers,
      idleTimeoutMs: options.idleTimeoutMs,
      // Per-configuration limits are enforced by the executor; the pool's only guards a server.
      concurrency: 64,
      maxQueue: 1024,
    });
    this.pool.events.on("evicted", ({ tenant, server, configHash }) => {
      this.#keysByServer.get(server)?.delete(JSON.stringify([tenant, server, configHash]));
    });
  }

  /**
   * Runs `fn` with a ready client of the tenant's server, starting it if needed.
   */
  use<T>(
    key: { tenant: string; server: string; spec: LaunchSpec; specHash?: string },
    fn: (client: Client, signal: AbortSignal) => Promise<T>,
    options: { timeoutMs?: number; signal?: AbortSignal } = {},
  ): Promise<T> {
    const poolKey: PoolKey<LaunchSpec> = {
      tenant: key.tenant,
      server: key.server,
      config: key.spec,
      ...(key.specHash ? { configHash: key.specHash } : {}),
    };
    const keys = this.#keysByServer.get(key.server) ?? new Map<string, PoolKey<LaunchSpec>>();
    keys.set(ServerPool.keyId(poolKey), poolKey);
    this.#keysByServer.set(key.server, keys);
    return this.pool.use(poolKey, fn, options);
  }

  /** Stops the processes of one platform server: every tenant's, or only `tenant`'s. */
  async evictServer(serverId: string, tenant?: string): Promise<void> {
    const keys = [...(this.#keysByServer.get(serverId)?.values() ?? [])].filter(
      (key) => tenant === undefined || key.tenant === tenant,
    );
    await Promise.all(keys.map((key) => this.pool.evict(key)));
  }

  /** Drains running calls, then stops every server process. */
  shutdown(drainTimeoutMs = 5_000): Promise<void> {
    return this.pool.shutdown({ drainTimeoutMs });
  }

  #createManagedServer(key: PoolKey<LaunchSpec>): ManagedServer<Client> {
    const spec = key.config;
    return new ManagedServer<Client>({
      name: `${key.tenant}/${key.server}`,
      createTransport: () => this.#createTransport(spec, key.tenant),
      createClient: () =>
        new Client({
          name: this.#options.clientName ?? "mcp-platform",
          version: this.#options.clientVersion ?? "0.0.0",
        }),
      startTimeoutMs: this.#options.startTimeoutMs ?? 30_000,
      restart: { maxAttempts: 5, initialDelayMs: 200, maxDelayMs: 10_000 },
      healthCheck: { intervalMs: 60_000, timeoutMs: 5_000, failureThreshold: 3 },
    });
  }

  /** The tenant's own directory (created on first use); the platform's own calls get one too. */
  tenantRoot(tenant: string): string {
    const root = tenantRootOf(this.#options.filesRoot, tenant.replace(/[^A-Za-z0-9_-]/g, "_"));
    mkdirSync(root, { recursive: true });
    return root;
  }

  #createTransport(spec: LaunchSpec, tenant: string): Transport {
    if (spec.transport !== "stdio") {
      if (!spec.url) throw new Error(`a ${spec.transport} server needs a URL`);
      const headers = spec.headers;
      if (spec.transport === "streamable_http")
        return new StreamableHttpClientTransport(spec.url, { headers });
      if (spec.transport === "sse") return new SseClientTransport(spec.url, { headers });
      return new WebSocketClientTransport(spec.url);
    }
    if (!spec.command) throw new Error("a stdio server needs a command");
    assertLaunchAllowed(
      { command: spec.command, args: spec.args, env: spec.env, cwd: spec.cwd },
      this.#options.allowedCommands,
    );
    const tenantRoot = this.tenantRoot(tenant);
    if (!spec.global) {
      // Checked at write time too; again here, since a row may predate the policy.
      assertTenantLaunchAllowed(spec, { tenantRoot, allowPrivateNetwork: this.#options.allowPrivateUrls });
    }
    const args = spec.args.map((arg) => arg.replaceAll(TENANT_FILES_PLACEHOLDER, tenantRoot));
    const resolved = resolveBundledCommand(spec.command) ?? { command: spec.command, args: [] };
    return new StdioClientTransport({
      command: resolved.command,
      args: [...resolved.args, ...args],
      env: spec.env,
      // A tenant's server runs in the tenant's directory, so relative paths stay inside it.
      cwd: spec.global ? (spec.cwd ?? process.cwd()) : tenantRoot,
    });
  }
}
