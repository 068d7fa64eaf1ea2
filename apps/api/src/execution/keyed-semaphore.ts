/** Why a wait for a slot ended without one. */
export class SemaphoreWaitError extends Error {
  override readonly name = "SemaphoreWaitError";
  constructor(
    readonly reason: "queue_full" | "timeout" | "aborted",
    message: string,
  ) {
    super(message);
  }
}

interface Waiter {
  grant: () => void;
  fail: (error: SemaphoreWaitError) => void;
}

interface Slot {
  active: number;
  queue: Waiter[];
}

/**
 * At most `limit` holders per key, the rest waiting in FIFO order, with a bound on the queue and
 * on the wait: a burst beyond a tenant's concurrency waits its turn rather than failing, and a
 * wait longer than the call's own timeout, or a queue past `maxQueue`, fails clearly.
 *
 * @example
 * const release = await semaphore.acquire("tenant/server", { limit: 4, timeoutMs: 30_000 });
 * try { await work(); } finally { release(); }
 */
export class KeyedSemaphore {
  readonly #slots = new Map<string, Slot>();
  readonly #maxQueue: number;

  constructor(options: { maxQueue?: number } = {}) {
    this.#maxQueue = options.maxQueue ?? 1_000;
  }

  /** Resolves with a release function once the key has a free slot. */
  acquire(
    key: string,
    options: { limit: number; timeoutMs: number; signal?: AbortSignal },
  ): Promise<() => void> {
    const slot = this.#slots.get(key) ?? { active: 0, queue: [] };
    this.#slots.set(key, slot);
    if (slot.active < options.limit) {
      slot.active++;
      return Promise.resolve(this.#releaser(key, slot));
    }
    if (slot.queue.length >= this.#maxQueue) {
      return Promise.reject(
        new SemaphoreWaitError("queue_full", `${slot.queue.length} calls are already waiting`),
      );
    }
    return new Promise((resolve, reject) => {
      const cleanup = () => {
        clearTimeout(timer);
        options.signal?.removeEventListener("abort", onAbort);
        const index = slot.queue.indexOf(waiter);
        if (index >= 0) slot.queue.splice(index, 1);
      };
      const waiter: Waiter = {
        grant: () => {
          cleanup();
          resolve(this.#releaser(key, slot));
        },
        fail: (error) => {
          cleanup();
          reject(error);
        },
      };
      const timer = setTimeout(
        () => waiter.fail(new SemaphoreWaitError("timeout", `no free slot within ${options.timeoutMs} ms`)),
        options.timeoutMs,
      );
      const onAbort = () =>
        waiter.fail(new SemaphoreWaitError("aborted", "the caller went away while waiting"));
      options.signal?.addEventListener("abort", onAbort, { once: true });
      slot.queue.push(waiter);
    });
  }

  /** Holders of `key` now. */
  active(key: string): number {
    return this.#slots.get(key)?.active ?? 0;
  }

  /** Waiters of `key` now. */
  queued(key: string): number {
    return this.#slots.get(key)?.queue.length ?? 0;
  }

  #releaser(key: string, slot: Slot): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = slot.queue[0];
      // The slot passes straight to the next waiter: no window in which a newcomer jumps the queue.
      if (next) next.grant();
      else if (--slot.active === 0) this.#slots.delete(key);
    };
  }
}
