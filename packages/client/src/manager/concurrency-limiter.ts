import { ManagerError, ManagerErrorCode } from "./errors.js";

/** Options of {@link ConcurrencyLimiter}. */
export interface ConcurrencyLimiterOptions {
  /** Tasks running at once. */
  concurrency: number;
  /** Tasks waiting at most; one more is refused with `QUEUE_FULL`. */
  maxQueue: number;
  /** A name for error messages. */
  name?: string;
}

interface Waiter {
  start(): void;
  fail(error: Error): void;
  /** Set when the waiter left the queue (aborted); dequeuing skips it. */
  gone: boolean;
}

/**
 * Runs at most `concurrency` tasks at once; the rest wait in a bounded FIFO queue. A full queue
 * refuses at once (`QUEUE_FULL`) rather than letting waiting callers pile up without bound.
 *
 * @example
 * const limiter = new ConcurrencyLimiter({ concurrency: 4, maxQueue: 100 });
 * const result = await limiter.run(() => client.callTool({ name: "add", arguments: { a: 1, b: 2 } }));
 */
export class ConcurrencyLimiter {
  readonly #options: ConcurrencyLimiterOptions;
  #active = 0;
  // An array with a moving head: O(1) dequeue without shifting, compacted when half is consumed.
  #queue: Waiter[] = [];
  #head = 0;
  #waiting = 0;

  constructor(options: ConcurrencyLimiterOptions) {
    if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
      throw new RangeError(`concurrency must be a positive integer, got ${options.concurrency}`);
    }
    if (!Number.isInteger(options.maxQueue) || options.maxQueue < 0) {
      throw new RangeError(`maxQueue must be a non-negative integer, got ${options.maxQueue}`);
    }
    this.#options = options;
  }

  /** Tasks running now. */
  get active(): number {
    return this.#active;
  }

  /** Tasks waiting now. */
  get queued(): number {
    return this.#waiting;
  }

  /** True when nothing runs and nothing waits. */
  get idle(): boolean {
    return this.#active === 0 && this.queued === 0;
  }

  /**
   * Runs `task` when a slot is free. Rejects with `QUEUE_FULL` when the queue is full, or with the
   * `signal`'s abort (as `CALL_ABORTED`) while waiting.
   */
  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.#acquire(signal);
    try {
      return await task();
    } finally {
      this.#release();
    }
  }

  /** Fails every waiting task with `error` (running ones are left to finish). */
  rejectQueued(error: Error): void {
    const waiting = this.#queue.slice(this.#head);
    this.#queue = [];
    this.#head = 0;
    this.#waiting = 0;
    for (const waiter of waiting) {
      if (waiter.gone) continue;
      waiter.gone = true;
      waiter.fail(error);
    }
  }

  #acquire(signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) return Promise.reject(this.#abortError(signal));
    if (this.#active < this.#options.concurrency && this.queued === 0) {
      this.#active++;
      return Promise.resolve();
    }
    if (this.queued >= this.#options.maxQueue) {
      return Promise.reject(
        new ManagerError(
          ManagerErrorCode.QueueFull,
          `The call queue of MCP server "${this.#options.name ?? "server"}" is full (${this.#options.maxQueue} waiting, ${this.#active} running)`,
          { data: { maxQueue: this.#options.maxQueue, concurrency: this.#options.concurrency } },
        ),
      );
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        if (waiter.gone) return;
        waiter.gone = true;
        this.#waiting--;
        reject(this.#abortError(signal!));
      };
      const waiter: Waiter = {
        gone: false,
        start: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
        fail: (error) => {
          signal?.removeEventListener("abort", onAbort);
          reject(error);
        },
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#queue.push(waiter);
      this.#waiting++;
    });
  }

  #release(): void {
    this.#active--;
    while (this.#head < this.#queue.length) {
      const next = this.#queue[this.#head]!;
      this.#head++;
      if (next.gone) continue;
      next.gone = true;
      this.#waiting--;
      this.#active++;
      next.start();
      break;
    }
    if (this.#head === this.#queue.length) {
      this.#queue = [];
      this.#head = 0;
    } else if (this.#head > 64 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
  }

  #abortError(signal: AbortSignal): ManagerError {
    return new ManagerError(
      ManagerErrorCode.CallAborted,
      `Call to MCP server "${this.#options.name ?? "server"}" was aborted while queued`,
      { cause: signal.reason },
    );
  }
}
