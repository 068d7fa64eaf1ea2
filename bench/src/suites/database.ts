// @mcp/server-database vs the reference @modelcontextprotocol/server-postgres on the local
// PostgreSQL (TEST_POSTGRES_URL, or BENCH_POSTGRES_URL): `query` latency for a small select, and
// the time and peak memory to answer a select of 1 and 10 million rows (generate_series). Ours
// reads at most its row limit (1,000) from a cursor and says `truncated`; the reference reads every
// row and returns them all. Both run as real stdio processes; the small selects go through the
// official SDK Client, the big ones through one minimal NDJSON client (the reference's answer
// exceeds the SDK client's 10 MB buffer). Ours runs from source through tsx (start-up is not
// timed). Peak memory is each process's VmHWM from /proc, on a fresh process per big query.
// Bounded: BENCH_DB_SMALL calls (200) alternating servers, one big query per server and size
// (BENCH_DB_ROWS, default 1000000,10000000) with a 180 s cap; the processes are killed after.
import { spawn } from "node:child_process";
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

// The big answers (the reference returns ~30 bytes a row) exceed the SDK client's 10 MB read
// buffer, so the big select uses a minimal NDJSON client, the same for both servers: it never
// concatenates chunks while reading, finds the end of the response line, and parses it only
// when it is small enough.
async function rawCall(
  spec: ServerSpec,
  sql: string,
): Promise<{ ms: number; bytes: number; body?: RawResult; peakMb: number; baselineMb: number }> {
  const child = spawn(spec.command, spec.args, { cwd: repoRoot, stdio: ["pipe", "pipe", "ignore"] });
  const send = (message: unknown) => child.stdin.write(`${JSON.stringify(message)}\n`);
  let chunks: Buffer[] = [];
  let bytes = 0;
  let waiting: ((line: { bytes: number; chunks: Buffer[] }) => void) | undefined;
  child.stdout.on("data", (chunk: Buffer) => {
    let rest = chunk;
    for (let index = rest.indexOf(10); index >= 0; index = rest.indexOf(10)) {
      chunks.push(rest.subarray(0, index));
      bytes += index;
      const line = { bytes, chunks };
      chunks = [];
      bytes = 0;
      waiting?.(line);
      rest = rest.subarray(index + 1);
    }
    if (rest.length > 0) {
      chunks.push(rest);
      bytes += rest.length;
    }
  });
  const nextLine = () => new Promise<{ bytes: number; chunks: Buffer[] }>((resolve) => (waiting = resolve));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const timeout = (ms: number) =>
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms).unref(),
    );
  try {
    send({
      jsonrpc: "2.0",
      id: 0,
      method: "initialize",
      params: {
        protocolVersion: "2025-06-18",
        capabilities: {},
        clientInfo: { name: "bench", version: "1" },
      },
    });
    await Promise.race([nextLine(), timeout(60_000)]);
    send({ jsonrpc: "2.0", method: "notifications/initialized" });
    send({
      jsonrpc: "2.0",
      id: 1,
      method: "tools/call",
      params: { name: "query", arguments: { sql: "SELECT 1" } },
    });
    await Promise.race([nextLine(), timeout(60_000)]);
    const baselineMb = peakRssMb(child.pid ?? 0);
    const started = performance.now();
    send({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "query", arguments: { sql } } });
    const line = await Promise.race([
      nextLine(),
      exited.then(() => Promise.reject(new Error("the server process exited (crashed)"))),
      timeout(BIG_TIMEOUT_MS),
    ]);
    const ms = performance.now() - started;
    const peakMb = peakRssMb(child.pid ?? 0);
    const body =
      line.bytes < 100 * 1024 * 1024
        ? (JSON.parse(Buffer.concat(line.chunks).toString("utf8")).result as RawResult)
        : undefined;
    return { ms, bytes: line.bytes, body, peakMb, baselineMb };
  } finally {
    child.kill("SIGKILL");
    await exited;
  }
}

interface RawResult {
  content?: { text?: string }[];
  structuredContent?: { rowCount?: number; truncated?: boolean };
  isError?: boolean;
}

async function bigSelect(specs: ServerSpec[], rowsWanted: number): Promise<void> {
  const big = `SELECT generate_series(1, ${rowsWanted}) AS n`;
  process.stdout.write(`select of ${rowsWanted.toLocaleString("en")} rows, fresh process each:\n`);
  const bigTimes: number[] = [];
  for (const spec of specs) {
    try {
      const { ms, bytes, body, peakMb, baselineMb } = await rawCall(spec, big);
      const rows =
        body?.structuredContent?.rowCount ??
        (body && !body.isError
          ? (JSON.parse(body.content?.[0]?.text ?? "[]") as unknown[]).length
          : undefined);
      bigTimes.push(ms);
      process.stdout.write(
        `  ${spec.label.padEnd(36)} ${ms.toFixed(0).padStart(7)} ms  answer ${(bytes / 1024 / 1024).toFixed(1)} MB` +
          `  rows ${rows === undefined ? "?" : rows.toLocaleString("en")}${body?.structuredContent?.truncated ? " (truncated)" : ""}` +
          `  peak RSS ${peakMb.toFixed(0)} MB (before: ${baselineMb.toFixed(0)} MB)\n`,
      );
    } catch (error) {
      bigTimes.push(Number.NaN);
      process.stdout.write(`  ${spec.label.padEnd(36)} failed: ${(error as Error).message}\n`);
    }
  }
  process.stdout.write(
    `  ratio reference/ours (time): ${((bigTimes[1] ?? Number.NaN) / (bigTimes[0] ?? Number.NaN)).toFixed(1)}x\n`,
  );
}
