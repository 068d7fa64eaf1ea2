/**
 * Counts calls in flight per key and refuses one over the key's limit. Refusing (rather than
 * queueing) keeps a tenant's burst from holding HTTP connections open behind a slow server;
 * the caller sees a clear 429 naming the limit.
 *
 * @example
 * const release = semaphore.tryAcquire("tenant/server", 4);
 * if (!release) throw tooBusy();
 * try { await work(); } finally { release(); }
 */
export class KeyedSemaphore {
  readonly #active = new Map<string, number>();

  /** A release function, or undefined when `key` already has `limit` holders. */
  tryAcquire(key: string, limit: number): (() => void) | undefined {
    const active = this.#active.get(key) ?? 0;
    if (active >= limit) return undefined;
    this.#active.set(key, active + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const now = (this.#active.get(key) ?? 1) - 1;
      if (now === 0) this.#active.delete(key);
      else this.#active.set(key, now);
    };
  }

  /** Holders of `key` now. */
  active(key: string): number {
    return this.#active.get(key) ?? 0;
  }
}
