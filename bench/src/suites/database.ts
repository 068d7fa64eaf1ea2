// @mcp/server-database vs the reference @modelcontextprotocol/server-postgres on the local
// PostgreSQL (TEST_POSTGRES_URL, or BENCH_POSTGRES_URL): `query` latency for a small select, and
// the time and peak memory to answer a select of 10 million rows (generate_series). Ours reads at
// most its row limit (1,000) from a cursor and says `truncated`; the reference reads every row and
// returns them all. Both run as real stdio processes driven by the same official SDK Client. Ours
// runs from source through tsx (start-up is not timed). Peak memory is each process's VmHWM from
// /proc, read from a fresh process after its one big query. Bounded: BENCH_DB_SMALL calls (200)
// alternating servers, and one big query per server with a 180 s cap.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

export const name = "database: query latency and a 10-million-row select (ours vs reference server-postgres)";

const repoRoot = resolve(import.meta.dirname, "../../..");
const URL = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL;
const SMALL_CALLS = Number(process.env.BENCH_DB_SMALL ?? 200);
const BIG_ROWS = (process.env.BENCH_DB_ROWS ?? "1000000,10000000").split(",").map(Number);
const BIG_TIMEOUT_MS = 180_000;

interface ServerSpec {
  label: string;
  command: string;
  args: string[];
}

const SERVERS = (url: string): ServerSpec[] => [
  {
    label: "ours (@mcp/server-database)",
    command: process.execPath,
    args: [
      "--conditions=@mcp/source",
      "--import",
      "tsx",
      join(repoRoot, "packages/server-database/src/cli.ts"),
      url,
      "--timeout",
      String(BIG_TIMEOUT_MS),
    ],
  },
  {
    label: "reference (server-postgres 0.6.2)",
    command: process.execPath,
    args: [join(repoRoot, "bench/node_modules/@modelcontextprotocol/server-postgres/dist/index.js"), url],
  },
];

interface Running {
  client: Client;
  pid: number;
  close: () => Promise<void>;
}

async function start(spec: ServerSpec): Promise<Running> {
  const transport = new StdioClientTransport({
    command: spec.command,
    args: spec.args,
    stderr: "ignore",
    cwd: repoRoot,
  });
  const client = new Client({ name: "bench-database", version: "1.0.0" });
  await client.connect(transport);
  return { client, pid: transport.pid ?? 0, close: () => client.close() };
}

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
const p95 = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? Number.NaN;
};

async function call(client: Client, sql: string, timeout = 30_000) {
  const started = performance.now();
  const result = (await client.callTool({ name: "query", arguments: { sql } }, undefined, { timeout })) as {
    content?: { text?: string }[];
    structuredContent?: { rowCount?: number; truncated?: boolean };
    isError?: boolean;
  };
  return { ms: performance.now() - started, result };
}

export async function run(): Promise<void> {
  if (!URL) {
    process.stdout.write("Skipped: set TEST_POSTGRES_URL (or BENCH_POSTGRES_URL) to a PostgreSQL server.\n");
    return;
  }
  const specs = SERVERS(URL);
  const small = "SELECT n, md5(n::text) AS h FROM generate_series(1, 10) AS n";

  // 1. small select latency, alternating servers call by call
  const running = await Promise.all(specs.map(start));
  const times: number[][] = specs.map(() => []);
  for (const r of running) await call(r.client, small); // warm-up
  for (let i = 0; i < SMALL_CALLS; i++) {
    for (let index = 0; index < running.length; index++) {
      const first = i % 2 === 0 ? index : running.length - 1 - index;
      const { ms, result } = await call((running[first] as Running).client, small);
      if (result.isError) throw new Error(`${specs[first]?.label}: ${result.content?.[0]?.text}`);
      times[first]?.push(ms);
    }
  }
  await Promise.all(running.map((r) => r.close()));
  process.stdout.write(`small select (10 rows), ${SMALL_CALLS} calls each:\n`);
  for (const [index, spec] of specs.entries()) {
    const t = times[index] as number[];
    process.stdout.write(
      `  ${spec.label.padEnd(36)} median ${median(t).toFixed(2)} ms  p95 ${p95(t).toFixed(2)} ms\n`,
    );
  }
  process.stdout.write(
    `  ratio reference/ours (median): ${(median(times[1] as number[]) / median(times[0] as number[])).toFixed(2)}x\n\n`,
  );

  // 2. the big selects: one fresh process per server and size, one call each
  for (const rowsWanted of BIG_ROWS) await bigSelect(specs, rowsWanted);
}

async function bigSelect(specs: ServerSpec[], rowsWanted: number): Promise<void> {
  const big = `SELECT generate_series(1, ${rowsWanted}) AS n`;
  process.stdout.write(`select of ${rowsWanted.toLocaleString("en")} rows, fresh process each:\n`);
  const bigTimes: number[] = [];
  for (const spec of specs) {
    const r = await start(spec);
    let baseline = 0;
    try {
      await call(r.client, "SELECT 1"); // warm-up: connection pool, parser
      baseline = peakRssMb(r.pid);
      const { ms, result } = await call(r.client, big, BIG_TIMEOUT_MS);
      const peak = peakRssMb(r.pid);
      const rows =
        result.structuredContent?.rowCount ??
        (result.isError ? 0 : (JSON.parse(result.content?.[0]?.text ?? "[]") as unknown[]).length);
      bigTimes.push(ms);
      process.stdout.write(
        `  ${spec.label.padEnd(36)} ${ms.toFixed(0).padStart(7)} ms  rows returned ${rows.toLocaleString("en")}` +
          `${result.structuredContent?.truncated ? " (truncated)" : ""}  peak RSS ${peak.toFixed(0)} MB (before: ${baseline.toFixed(0)} MB)\n`,
      );
    } catch (error) {
      bigTimes.push(Number.NaN);
      let peak = "gone";
      try {
        peak = `${peakRssMb(r.pid).toFixed(0)} MB`;
      } catch {
        // the process died (out of memory)
      }
      process.stdout.write(
        `  ${spec.label.padEnd(36)} failed after ${BIG_TIMEOUT_MS / 1000} s cap or crash: ${(error as Error).message.split("\n")[0]}; peak RSS ${peak} (before: ${baseline.toFixed(0)} MB)\n`,
      );
    } finally {
      await r.close().catch(() => {});
    }
  }
  process.stdout.write(
    `  ratio reference/ours (time): ${((bigTimes[1] ?? Number.NaN) / (bigTimes[0] ?? Number.NaN)).toFixed(1)}x\n`,
  );
}
