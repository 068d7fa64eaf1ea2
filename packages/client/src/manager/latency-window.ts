/** Latency percentiles over the most recent samples. */
export interface LatencySummary {
  /** Samples in the window (at most its capacity). */
  count: number;
  /** Median, in milliseconds (0 with no samples). */
  p50Ms: number;
  /** 95th percentile, in milliseconds (0 with no samples). */
  p95Ms: number;
  /** Largest sample in the window, in milliseconds. */
  maxMs: number;
}

/**
 * A bounded window of latency samples (a ring over a Float64Array): memory stays fixed however
 * many calls a server serves; percentiles are computed on demand by the nearest-rank method.
 *
 * @example
 * const window = new LatencyWindow(1024);
 * window.record(12.5);
 * window.summary(); // { count: 1, p50Ms: 12.5, p95Ms: 12.5, maxMs: 12.5 }
 */
export class LatencyWindow {
  readonly #samples: Float64Array;
  #next = 0;
  #count = 0;

  constructor(capacity = 1024) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`LatencyWindow capacity must be a positive integer, got ${capacity}`);
    }
    this.#samples = new Float64Array(capacity);
  }

  /** Adds one sample (milliseconds), replacing the oldest when the window is full. */
  record(ms: number): void {
    this.#samples[this.#next] = ms;
    this.#next = (this.#next + 1) % this.#samples.length;
    if (this.#count < this.#samples.length) this.#count++;
  }

  /** The p-th percentile (0..100) of the window, nearest rank; 0 with no samples. */
  percentile(p: number): number {
    if (this.#count === 0) return 0;
    const sorted = this.#samples.slice(0, this.#count).sort();
    const rank = Math.min(this.#count, Math.max(1, Math.ceil((p / 100) * this.#count)));
    return sorted[rank - 1]!;
  }

  /** Count, p50, p95 and max of the window. */
  summary(): LatencySummary {
    if (this.#count === 0) return { count: 0, p50Ms: 0, p95Ms: 0, maxMs: 0 };
    const sorted = this.#samples.slice(0, this.#count).sort();
    const at = (p: number) =>
      sorted[Math.min(this.#count, Math.max(1, Math.ceil((p / 100) * this.#count))) - 1]!;
    return { count: this.#count, p50Ms: at(50), p95Ms: at(95), maxMs: sorted[this.#count - 1]! };
  }
}
