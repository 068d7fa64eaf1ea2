/**
 * Calls per minute per key, over a sliding window of the last 60 seconds (exact, not bucketed:
 * a tenant allowed 10 calls a minute never gets 20 across a minute boundary).
 *
 * @example
 * if (!limiter.tryTake("tenant/server", 10)) throw rateLimited();
 */
export class SlidingWindowRateLimiter {
  readonly #calls = new Map<string, number[]>();
  readonly #windowMs: number;
  readonly #now: () => number;

  constructor(options: { windowMs?: number; now?: () => number } = {}) {
    this.#windowMs = options.windowMs ?? 60_000;
    this.#now = options.now ?? Date.now;
  }

  /** Records a call and returns true, or returns false when `key` has used its `limit`. */
  tryTake(key: string, limit: number): boolean {
    const now = this.#now();
    const since = now - this.#windowMs;
    const calls = (this.#calls.get(key) ?? []).filter((at) => at > since);
    if (calls.length >= limit) {
      this.#calls.set(key, calls);
      return false;
    }
    calls.push(now);
    this.#calls.set(key, calls);
    return true;
  }

  /** Forgets keys with no call in the window (called periodically to bound memory). */
  prune(): void {
    const since = this.#now() - this.#windowMs;
    for (const [key, calls] of this.#calls) {
      if (!calls.some((at) => at > since)) this.#calls.delete(key);
    }
  }
}
