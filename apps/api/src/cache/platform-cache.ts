import { createHash } from "node:crypto";
import {
  type Database,
  type EffectiveServerConfig,
  getAgent,
  getServer,
  getTenant,
  resolveEffectiveConfig,
  type Tenant,
  touchApiKey,
  type VerifiedApiKey,
  verifyApiKey,
} from "@mcp/db";
import type { Logger } from "pino";
import { notFound } from "../http/api-error.js";
import { TtlCache } from "./ttl-cache.js";

/** Settings of a {@link PlatformCache}. */
export interface PlatformCacheOptions {
  db: Database;
  logger: Logger;
  /** How long another instance's write may go unseen here (`MCP_CACHE_TTL_MS`); 0 disables. */
  ttlMs: number;
  /** Most entries per kind (keys, tenants, execution targets). */
  maxEntries?: number;
  /** At most one `lastUsedAt` write per key per this many ms. */
  touchIntervalMs?: number;
  now?: () => number;
}

const DEFAULT_MAX_ENTRIES = 10_000;
const DEFAULT_TOUCH_INTERVAL_MS = 60_000;

/**
 * What the request path reads on every call, kept in this process for a few seconds: verified
 * API keys (by the key's SHA-256, never the key itself), tenants named by the X-MCP-Tenant
 * header, and resolved execution targets (server + effective configuration, secrets decrypted)
 * per tenant, server and agent. `invalidate()` drops all of it; the app calls it after every
 * request that may write (anything but GET/HEAD and execute), so this process never serves a
 * value older than its own last write. Other instances' writes are seen within `ttlMs`.
 *
 * @example
 * const cache = new PlatformCache({ db, logger, ttlMs: 5_000 });
 * const verified = await cache.verifyApiKey(bearer);
 */
export class PlatformCache {
  readonly #db: Database;
  readonly #logger: Logger;
  readonly #now: () => number;
  readonly #touchIntervalMs: number;
  readonly #keys: TtlCache<string, VerifiedApiKey>;
  readonly #tenants: TtlCache<string, Tenant>;
  readonly #targets: TtlCache<string, EffectiveServerConfig>;
  readonly #touchedAt = new Map<string, number>();
  readonly #touches = new Set<Promise<void>>();

  constructor(options: PlatformCacheOptions) {
    this.#db = options.db;
    this.#logger = options.logger;
    this.#now = options.now ?? Date.now;
    this.#touchIntervalMs = options.touchIntervalMs ?? DEFAULT_TOUCH_INTERVAL_MS;
    const limits = {
      ttlMs: options.ttlMs,
      maxEntries: options.maxEntries ?? DEFAULT_MAX_ENTRIES,
      now: this.#now,
    };
    this.#keys = new TtlCache(limits);
    this.#tenants = new TtlCache(limits);
    this.#targets = new TtlCache(limits);
  }

  /**
   * The key and its tenant when `plaintext` is valid (not revoked, not expired), else null.
   * Expiry is checked on every call, cached or not. Use is recorded off the request path, at
   * most once per key per interval.
   */
  async verifyApiKey(plaintext: string): Promise<VerifiedApiKey | null> {
    const hash = createHash("sha256").update(plaintext).digest("hex");
    const verified = await this.#keys.get(
      hash,
      async () => (await verifyApiKey(this.#db, plaintext, { touch: false })) ?? undefined,
    );
    if (!verified) return null;
    const now = this.#now();
    const expiresAt = verified.apiKey.expiresAt?.getTime();
    if (expiresAt !== undefined && expiresAt <= now) {
      this.#keys.delete(hash);
      return null;
    }
    this.#touch(verified, now);
    return verified;
  }

  /** A tenant by id or slug, or null. */
  async tenant(idOrSlug: string): Promise<Tenant | null> {
    return (
      (await this.#tenants.get(idOrSlug, async () => (await getTenant(this.#db, idOrSlug)) ?? undefined)) ??
      null
    );
  }

  /**
   * The server (by id or slug) and the effective configuration a tenant's call runs under.
   * Throws `ApiError` 404 for a server the tenant cannot see or an agent that is not its own.
   */
  async executionTarget(
    tenantId: string,
    serverIdOrSlug: string,
    agentId: string | null,
  ): Promise<EffectiveServerConfig> {
    const key = `${tenantId}\u0000${serverIdOrSlug}\u0000${agentId ?? ""}`;
    const target = await this.#targets.get(key, async () => {
      const server = await getServer(this.#db, tenantId, serverIdOrSlug);
      if (!server) throw notFound("server");
      if (agentId !== null && !(await getAgent(this.#db, tenantId, agentId))) throw notFound("agent");
      return resolveEffectiveConfig(this.#db, tenantId, { serverId: server.id, agentId });
    });
    // The loader returns a value or throws; undefined is never produced.
    return target as EffectiveServerConfig;
  }

  /** Drops every cached value: after this, every read goes to the database again. */
  invalidate(): void {
    this.#keys.clear();
    this.#tenants.clear();
    this.#targets.clear();
  }

  /** Waits for the `lastUsedAt` writes in flight (before the database closes). */
  async settle(): Promise<void> {
    while (this.#touches.size > 0) await Promise.allSettled([...this.#touches]);
  }

  #touch(verified: VerifiedApiKey, now: number): void {
    const id = verified.apiKey.id;
    const last = Math.max(this.#touchedAt.get(id) ?? 0, verified.apiKey.lastUsedAt?.getTime() ?? 0);
    if (now - last < this.#touchIntervalMs) return;
    if (this.#touchedAt.size >= DEFAULT_MAX_ENTRIES) this.#touchedAt.clear();
    this.#touchedAt.set(id, now);
    const touching = touchApiKey(this.#db, id, new Date(now)).catch((error: unknown) => {
      this.#logger.warn(
        { err: { message: (error as Error).message }, apiKeyId: id },
        "lastUsedAt not recorded",
      );
    });
    this.#touches.add(touching);
    void touching.finally(() => this.#touches.delete(touching));
  }
}
