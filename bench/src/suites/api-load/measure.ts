// Latency and throughput of `total` calls made by `concurrency` clients in a loop.

/** Requests per second, and the 50th and 99th percentile latencies in ms. */
export interface Figures {
  rps: number;
  p50: number;
  p99: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

/**
 * Runs `call(0..total-1)` from `concurrency` loops and times each call.
 *
 * @example
 * const figures = await measure((i) => postExecute(agent, target, i), 300, 1);
 */
export async function measure(
  call: (i: number) => Promise<void>,
  total: number,
  concurrency: number,
): Promise<Figures> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t = performance.now();
        await call(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const elapsed = performance.now() - started;
  latencies.sort((a, b) => a - b);
  return { rps: (total / elapsed) * 1000, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) };
}
