/** Limits of a {@link TtlCache}. */
export interface TtlCacheOptions {
  /** How long a loaded value is served; 0 disables caching (every `get` loads). */
  ttlMs: number;
  /** Most entries kept; the oldest is dropped first. */
  maxEntries: number;
  /** The clock, for tests. */
  now?: () => number;
}

interface Entry<V> {
  value: Promise<V | undefined>;
  expiresAt: number;
}

/**
 * A bounded, time-limited cache of loads, single-flight per key: concurrent misses of one key
 * share one load, so 32 clients arriving after an expiry cost one database read, not 32.
 * `undefined` results and failures are not kept (the next `get` loads again). `clear()` drops
 * everything, including loads still running, so a read that started before a write can never
 * be served after the write's invalidation.
 *
 * @example
 * const cache = new TtlCache<string, Tenant>({ ttlMs: 5_000, maxEntries: 1_000 });
 * const tenant = await cache.get(slug, async () => (await getTenant(db, slug)) ?? undefined);
 */
export class TtlCache<K, V> {
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;
  // Map keeps insertion order: the first key is the oldest entry, dropped when full.
  #entries = new Map<K, Entry<V>>();

  constructor(options: TtlCacheOptions) {
    this.#ttlMs = options.ttlMs;
    this.#maxEntries = Math.max(1, options.maxEntries);
    this.#now = options.now ?? Date.now;
  }

  /** Entries held now (some may have expired). */
  get size(): number {
    return this.#entries.size;
  }

  /** The cached value of `key`, or what `load` gives (kept for the TTL unless undefined). */
  get(key: K, load: () => Promise<V | undefined>): Promise<V | undefined> {
    if (this.#ttlMs <= 0) return load();
    const now = this.#now();
    const hit = this.#entries.get(key);
    if (hit && hit.expiresAt > now) return hit.value;
    if (hit) this.#entries.delete(key);
    else if (this.#entries.size >= this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    const entries = this.#entries;
    const value = load();
    const entry: Entry<V> = { value, expiresAt: now + this.#ttlMs };
    entries.set(key, entry);
    const forget = () => {
      if (entries.get(key) === entry) entries.delete(key);
    };
    value.then((loaded) => {
      if (loaded === undefined) forget();
    }, forget);
    return value;
  }

  /** Drops one key. */
  delete(key: K): void {
    this.#entries.delete(key);
  }

  /** Drops every entry and every load in flight. */
  clear(): void {
    this.#entries = new Map();
  }
}
