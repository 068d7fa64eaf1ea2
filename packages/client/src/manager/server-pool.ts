import { ConcurrencyLimiter } from "./concurrency-limiter.js";
import { configHash } from "./config-hash.js";
import { ManagerError, ManagerErrorCode } from "./errors.js";
import type {
  ManagedCallOptions,
  ManagedClient,
  ManagedServer,
  ManagedServerStats,
} from "./managed-server.js";
import { TypedEmitter } from "./typed-emitter.js";

/**
 * What identifies one pooled server: the tenant, the server's name, and its configuration (hashed).
 * Two tenants never share a server, even with identical configurations: the tenant is in the key.
 */
export interface PoolKey<Config = unknown> {
  tenant: string;
  server: string;
  config: Config;
  /**
   * `configHash(config)`, when the caller keeps the key's configuration and computed it once:
   * hashing a configuration on every call costs tens of microseconds. It must be that hash.
   */
  configHash?: string;
}

/** Why a server left the pool. */
export type EvictionReason = "idle" | "lru" | "gave-up" | "stopped" | "start-failed" | "manual" | "shutdown";

/** Events of a {@link ServerPool}. */
export interface ServerPoolEvents {
  started: { tenant: string; server: string; configHash: string };
  evicted: { tenant: string; server: string; configHash: string; reason: EvictionReason };
}

/** Options of {@link ServerPool}. */
export interface ServerPoolOptions<C extends ManagedClient, Config> {
  /** Makes the managed server for a key (not started; the pool starts it). */
  createServer: (key: PoolKey<Config>) => ManagedServer<C>;
  /** Most servers alive at once (starting ones count). At the cap, the least recently used idle one is evicted; with none idle, a new key is refused with `POOL_AT_CAPACITY`. Default 32. */
  maxServers?: number;
  /** A server unused this long is stopped; 0 keeps servers until shutdown. Default 300000. */
  idleTimeoutMs?: number;
  /** How often idle servers are looked for. Default: a quarter of `idleTimeoutMs`, at most 30000. */
  idleCheckIntervalMs?: number;
  /** Calls running at once per server. Default 8. */
  concurrency?: number;
  /** Calls waiting per server; one more is refused with `QUEUE_FULL`. Default 256. */
  maxQueue?: number;
}

/** One pooled server in {@link ServerPool.stats}. */
export interface PooledServerStats extends ManagedServerStats {
  tenant: string;
  server: string;
  configHash: string;
  queued: number;
  active: number;
  idleMs: number;
}

/** Options of {@link ServerPool.shutdown}. */
export interface PoolShutdownOptions {
  /** How long running calls may take to finish before their servers are stopped. Default 5000. */
  drainTimeoutMs?: number;
}

interface Entry<C extends ManagedClient, Config> {
  id: string;
  key: PoolKey<Config>;
  hash: string;
  server: ManagedServer<C>;
  limiter: ConcurrencyLimiter;
  ready: Promise<ManagedServer<C>>;
  started: boolean;
  lastUsed: number;
  running: Set<Promise<unknown>>;
  removed: boolean;
  stopping: Promise<void> | undefined;
  unsubscribe: () => void;
}

const delay = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms).unref?.();
  });

/**
 * Many managed servers keyed by (tenant, server, configuration hash). One start per key, even
 * under a burst: the entry is created synchronously on first use, before any await, so
 * concurrent callers share its start. A cap on servers (evicting the least recently used idle
 * one), idle eviction, a per-server concurrency limit with a bounded FIFO queue, and a graceful
 * shutdown that drains running calls and stops every process.
 *
 * @example
 * const pool = new ServerPool({
 *   createServer: ({ tenant, server, config }) =>
 *     new ManagedServer({ name: `${tenant}/${server}`, createTransport: () => new StdioClientTransport(config), createClient: () => new Client(info) }),
 *   maxServers: 50,
 *   concurrency: 4,
 * });
 * const result = await pool.use({ tenant: "acme", server: "calc", config: { command: "calc-server" } }, (client, signal) =>
 *   client.callTool({ name: "add", arguments: { a: 1, b: 2 } }, { signal }),
 * );
 * await pool.shutdown();
 */
export class ServerPool<C extends ManagedClient, Config = unknown> {
  /** Typed events: `started`, `evicted`. */
  readonly events = new TypedEmitter<ServerPoolEvents>();
  readonly #options: ServerPoolOptions<C, Config>;
  readonly #maxServers: number;
  readonly #idleTimeoutMs: number;
  readonly #entries = new Map<string, Entry<C, Config>>();
  #closed = false;
  #shutdown: Promise<void> | undefined;
  #sweepTimer: ReturnType<typeof setInterval> | undefined;

  constructor(options: ServerPoolOptions<C, Config>) {
    this.#options = options;
    this.#maxServers = options.maxServers ?? 32;
    this.#idleTimeoutMs = options.idleTimeoutMs ?? 300_000;
    if (!Number.isInteger(this.#maxServers) || this.#maxServers < 1) {
      throw new RangeError(`maxServers must be a positive integer, got ${this.#maxServers}`);
    }
  }

  /**
   * The identity of a key: tenant, server name and configuration hash.
   *
   * @example
   * ServerPool.keyId({ tenant: "acme", server: "calc", config: {} }); // '["acme","calc","44136fa3..."]'
   */
  static keyId(key: PoolKey): string {
    return JSON.stringify([key.tenant, key.server, key.configHash ?? configHash(key.config)]);
  }

  /** Servers in the pool (starting ones included). */
  get size(): number {
    return this.#entries.size;
  }

  /** True once {@link shutdown} was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * The started server for `key`, starting it if needed. Concurrent calls for one key share one
   * start. Rejects with `POOL_AT_CAPACITY`, `POOL_CLOSED`, or the start's error.
   */
  acquire(key: PoolKey<Config>): Promise<ManagedServer<C>> {
    try {
      const entry = this.#entryFor(key);
      entry.lastUsed = Date.now();
      return entry.ready;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Runs `fn` with the client of `key`'s server, within the server's concurrency limit (waiting
   * in its FIFO queue if needed). Errors: `POOL_AT_CAPACITY`, `QUEUE_FULL`, `POOL_CLOSED`, and
   * those of {@link ManagedServer.call}.
   */
  use<T>(
    key: PoolKey<Config>,
    fn: (client: C, signal: AbortSignal) => Promise<T>,
    options: ManagedCallOptions = {},
  ): Promise<T> {
    let entry: Entry<C, Config>;
    try {
      entry = this.#entryFor(key);
    } catch (error) {
      return Promise.reject(error);
    }
    entry.lastUsed = Date.now();
    const running = entry.limiter.run(async () => {
      const server = await entry.ready;
      return server.call(fn, options);
    }, options.signal);
    entry.running.add(running);
    const settle = () => {
      entry.running.delete(running);
      entry.lastUsed = Date.now();
    };
    running.then(settle, settle);
    return running;
  }

  /** The server of `key` if it is in the pool (started or starting), without starting it. */
  get(key: PoolKey<Config>): ManagedServer<C> | undefined {
    return this.#entries.get(ServerPool.keyId(key))?.server;
  }

  /** Stops and removes the server of `key`; queued calls fail with `SERVER_STOPPED`. */
  async evict(key: PoolKey<Config>): Promise<void> {
    const entry = this.#entries.get(ServerPool.keyId(key));
    if (entry) await this.#remove(entry, "manual");
  }

  /** Stops servers unused for `idleTimeoutMs` now (the pool also does it on a timer). Returns how many. */
  async evictIdle(now = Date.now()): Promise<number> {
    if (this.#idleTimeoutMs <= 0) return 0;
    const idle = [...this.#entries.values()].filter(
      (entry) => entry.started && entry.limiter.idle && now - entry.lastUsed >= this.#idleTimeoutMs,
    );
    await Promise.all(idle.map((entry) => this.#remove(entry, "idle")));
    return idle.length;
  }

  /** State, counters and queue of every pooled server. */
  stats(): PooledServerStats[] {
    const now = Date.now();
    return [...this.#entries.values()].map((entry) => ({
      ...entry.server.stats(),
      tenant: entry.key.tenant,
      server: entry.key.server,
      configHash: entry.hash,
      queued: entry.limiter.queued,
      active: entry.limiter.active,
      idleMs: now - entry.lastUsed,
    }));
  }

  /**
   * Refuses new calls, fails queued ones with `POOL_CLOSED`, lets running calls finish for up to
   * `drainTimeoutMs`, then stops every server (their processes and process groups included).
   */
  shutdown(options: PoolShutdownOptions = {}): Promise<void> {
    this.#shutdown ??= this.#doShutdown(options.drainTimeoutMs ?? 5_000);
    return this.#shutdown;
  }

  async #doShutdown(drainTimeoutMs: number): Promise<void> {
    this.#closed = true;
    if (this.#sweepTimer) clearInterval(this.#sweepTimer);
    this.#sweepTimer = undefined;
    const entries = [...this.#entries.values()];
    const closedError = new ManagerError(ManagerErrorCode.PoolClosed, "The server pool is shutting down");
    for (const entry of entries) entry.limiter.rejectQueued(closedError);
    const running = entries.flatMap((entry) => [...entry.running]);
    if (running.length > 0) await Promise.race([Promise.allSettled(running), delay(drainTimeoutMs)]);
    await Promise.all(
      [...this.#entries.values(), ...entries].map((entry) => this.#remove(entry, "shutdown")),
    );
  }

  #entryFor(key: PoolKey<Config>): Entry<C, Config> {
    if (this.#closed) throw new ManagerError(ManagerErrorCode.PoolClosed, "The server pool is shut down");
    if (
      typeof key.tenant !== "string" ||
      key.tenant === "" ||
      typeof key.server !== "string" ||
      key.server === ""
    ) {
      throw new TypeError("A pool key needs a non-empty tenant and server");
    }
    const hash = key.configHash ?? configHash(key.config);
    const id = JSON.stringify([key.tenant, key.server, hash]);
    const existing = this.#entries.get(id);
    if (existing) return existing;

    // Everything from here to the map insertion is synchronous: no other caller can slip in and
    // start a second server for this key, or take the slot this one is about to fill.
    let evicting: Promise<void> | undefined;
    if (this.#entries.size >= this.#maxServers) {
      const victim = this.#leastRecentlyUsedIdle();
      if (!victim) {
        throw new ManagerError(
          ManagerErrorCode.PoolAtCapacity,
          `The server pool is at its cap of ${this.#maxServers} servers and none is idle; cannot start "${key.server}" for tenant "${key.tenant}"`,
          { data: { maxServers: this.#maxServers } },
        );
      }
      evicting = this.#remove(victim, "lru");
    }
    const server = this.#options.createServer(key);
    const entry: Entry<C, Config> = {
      id,
      key,
      hash,
      server,
      limiter: new ConcurrencyLimiter({
        concurrency: this.#options.concurrency ?? 8,
        maxQueue: this.#options.maxQueue ?? 256,
        name: server.name,
      }),
      ready: undefined as unknown as Promise<ManagedServer<C>>,
      started: false,
      lastUsed: Date.now(),
      running: new Set(),
      removed: false,
      stopping: undefined,
      unsubscribe: () => {},
    };
    const offGaveUp = server.events.on("gave-up", () => void this.#remove(entry, "gave-up"));
    const offState = server.events.on("state", ({ to }) => {
      if (to === "stopped" && entry.started) void this.#remove(entry, "stopped");
    });
    entry.unsubscribe = () => {
      offGaveUp();
      offState();
    };
    entry.ready = (async () => {
      // The cap holds for processes, not just entries: the evicted server is gone before this one starts.
      if (evicting) await evicting;
      if (entry.removed) {
        throw new ManagerError(
          ManagerErrorCode.ServerStopped,
          `MCP server "${server.name}" was evicted before it started`,
        );
      }
      await server.start();
      entry.started = true;
      this.events.emit("started", { tenant: key.tenant, server: key.server, configHash: hash });
      return server;
    })();
    entry.ready.catch(() => void this.#remove(entry, "start-failed"));
    this.#entries.set(id, entry);
    this.#ensureSweep();
    return entry;
  }

  #leastRecentlyUsedIdle(): Entry<C, Config> | undefined {
    let victim: Entry<C, Config> | undefined;
    for (const entry of this.#entries.values()) {
      if (!entry.started || !entry.limiter.idle) continue;
      if (!victim || entry.lastUsed < victim.lastUsed) victim = entry;
    }
    return victim;
  }

  #remove(entry: Entry<C, Config>, reason: EvictionReason): Promise<void> {
    if (entry.removed) return entry.stopping ?? Promise.resolve();
    entry.removed = true;
    if (this.#entries.get(entry.id) === entry) this.#entries.delete(entry.id);
    entry.unsubscribe();
    entry.limiter.rejectQueued(
      new ManagerError(
        ManagerErrorCode.ServerStopped,
        `MCP server "${entry.server.name}" left the pool (${reason})`,
      ),
    );
    this.events.emit("evicted", {
      tenant: entry.key.tenant,
      server: entry.key.server,
      configHash: entry.hash,
      reason,
    });
    entry.stopping = entry.server.stop().catch(() => undefined);
    return entry.stopping;
  }

  #ensureSweep(): void {
    if (this.#sweepTimer || this.#idleTimeoutMs <= 0) return;
    const interval =
      this.#options.idleCheckIntervalMs ?? Math.min(30_000, Math.max(10, this.#idleTimeoutMs / 4));
    this.#sweepTimer = setInterval(() => void this.evictIdle(), interval);
    this.#sweepTimer.unref?.();
  }
}
