/**
 * Coalesces the lines written in one tick into a single `write()` on the stream. A pipe write is a
 * system call; with many requests in flight the client sent one per message, and that syscall was
 * the largest cost per call in the stdio benchmark. Lines queued during a burst of callbacks and
 * microtasks go out together at the next `process.nextTick`, in order, so latency is unchanged (a
 * lone request is written before the event loop moves on).
 */

/** The part of a Node writable stream the writer needs. */
export interface LineSink {
  write(chunk: string, callback: (error?: Error | null) => void): boolean;
}

/**
 * Batches lines for one stream. Every line of a batch shares one promise, settled by the write's
 * callback: resolved once the batch is handed to the OS, rejected with the mapped error otherwise.
 *
 * @example
 * const writer = new LineBatchWriter(child.stdin, (error) => new Error(`write failed: ${error.message}`));
 * await Promise.all([writer.write('{"a":1}\n'), writer.write('{"b":2}\n')]); // one write() call
 */
export class LineBatchWriter {
  readonly #sink: LineSink;
  readonly #mapError: (error: Error) => Error;
  #pending = "";
  #promise: Promise<void> | undefined;
  #resolve: (() => void) | undefined;
  #reject: ((error: Error) => void) | undefined;
  readonly #flushBound = () => this.flush();

  constructor(sink: LineSink, mapError: (error: Error) => Error) {
    this.#sink = sink;
    this.#mapError = mapError;
  }

  /** Queues a complete line (with its newline); resolves when its batch has been written. */
  write(line: string): Promise<void> {
    this.#pending += line;
    if (this.#promise === undefined) {
      this.#promise = new Promise<void>((resolve, reject) => {
        this.#resolve = resolve;
        this.#reject = reject;
      });
      process.nextTick(this.#flushBound);
    }
    return this.#promise;
  }

  /** Writes what is queued now (before ending the stream, for instance). */
  flush(): void {
    const promise = this.#promise;
    if (promise === undefined) return;
    const text = this.#pending;
    const resolve = this.#resolve;
    const reject = this.#reject;
    this.#pending = "";
    this.#promise = undefined;
    this.#resolve = undefined;
    this.#reject = undefined;
    try {
      this.#sink.write(text, (error) => {
        if (error) reject?.(this.#mapError(error));
        else resolve?.();
      });
    } catch (error) {
      // A destroyed stream may throw synchronously (ERR_STREAM_DESTROYED) instead of calling back.
      reject?.(this.#mapError(error instanceof Error ? error : new Error(String(error))));
    }
  }
}
