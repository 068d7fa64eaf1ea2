// @mcp/server-calculator (our framework) vs an equivalent official @modelcontextprotocol/sdk
// McpServer, both real stdio processes started with `node` and a minimal environment (PATH only).
// A raw NDJSON driver (not an SDK client) talks to both, so the client's cost is tiny and equal.
// Per round and server: cold start (spawn -> initialize response), a warm-up of WARMUP calls,
// SEQUENTIAL one-at-a-time `tools/call add` (p50, p99), THROUGHPUT calls with 32 in flight
// (calls/s), and peak RSS (VmHWM from /proc after the round). Rounds alternate which server goes
// first; medians over rounds are reported with ours/SDK ratios. Ours runs its built bin
// (packages/server-calculator/dist/cli.js: run `pnpm build` first) twice: as shipped, and with
// MCP_SMALL_HEAP=0 (V8's default young-generation growth), so the effect of that tuning is
// visible. The SDK server is generated into a temp dir and imports the SDK and zod from this
// package's dependencies. The driver writes the requests issued in one tick with one write.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

export const name = "server: calculator over stdio, ours vs @modelcontextprotocol/sdk McpServer";

const ROUNDS = Number(process.env.BENCH_SERVER_ROUNDS ?? 5);
const WARMUP = Number(process.env.BENCH_SERVER_WARMUP ?? 5_000);
const SEQUENTIAL = Number(process.env.BENCH_SERVER_SEQUENTIAL ?? 2_000);
const THROUGHPUT = Number(process.env.BENCH_SERVER_THROUGHPUT ?? 20_000);
const IN_FLIGHT = 32;
const repoRoot = resolve(import.meta.dirname, "../../..");
const ourBin = join(repoRoot, "packages/server-calculator/dist/cli.js");

export function sdkServerSource(): string {
  const require = createRequire(join(repoRoot, "bench/package.json"));
  const url = (specifier: string) => pathToFileURL(require.resolve(specifier)).href;
  // The same six tools, schemas and annotations as ours. The bench calls only `add`; `evaluate`
  // accepts plain numbers here (the SDK has no expression evaluator to be equivalent with).
  return `
import { McpServer } from ${JSON.stringify(url("@modelcontextprotocol/sdk/server/mcp.js"))};
import { StdioServerTransport } from ${JSON.stringify(url("@modelcontextprotocol/sdk/server/stdio.js"))};
import { z } from ${JSON.stringify(url("zod"))};
const server = new McpServer({ name: "sdk-calculator", version: "1.0.0" });
const annotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
const outputSchema = { result: z.number().describe("The result") };
const pair = { a: z.number().describe("First operand"), b: z.number().describe("Second operand") };
const ok = (result) => ({ content: [{ type: "text", text: JSON.stringify({ result }) }], structuredContent: { result } });
const fail = (text) => ({ content: [{ type: "text", text }], isError: true });
for (const [name, op] of [["add", (a, b) => a + b], ["subtract", (a, b) => a - b], ["multiply", (a, b) => a * b]]) {
  server.registerTool(name, { title: name, description: name, inputSchema: pair, outputSchema, annotations }, ({ a, b }) => ok(op(a, b)));
}
server.registerTool("divide", { title: "Divide", description: "a / b", inputSchema: pair, outputSchema, annotations },
  ({ a, b }) => (b === 0 ? fail("Division by zero") : ok(a / b)));
server.registerTool("power", { title: "Power", description: "base ^ exponent",
  inputSchema: { base: z.number(), exponent: z.number() }, outputSchema, annotations },
  ({ base, exponent }) => (Math.abs(exponent) > 10000 ? fail("Exponent too large") : ok(base ** exponent)));
server.registerTool("evaluate", { title: "Evaluate", description: "expression",
  inputSchema: { expression: z.string() }, outputSchema, annotations },
  ({ expression }) => (Number.isFinite(Number(expression)) ? ok(Number(expression)) : fail("unsupported")));
await server.connect(new StdioServerTransport());
`;
}

interface Measurement {
  coldStartMs: number;
  p50Ms: number;
  p99Ms: number;
  callsPerSecond: number;
  peakRssMb: number;
}

/** A minimal NDJSON JSON-RPC driver over a child's stdio. */
class Driver {
  readonly child: ChildProcess;
  #nextId = 1;
  #buffer = "";
  #outgoing: string[] = [];
  readonly #pending = new Map<number, (message: Record<string, unknown>) => void>();

  constructor(command: string, args: string[], env: Record<string, string>) {
    this.child = spawn(command, args, {
      env: { PATH: process.env.PATH ?? "", ...env },
      stdio: ["pipe", "pipe", "inherit"],
    });
    this.child.stdout?.setEncoding("utf8");
    this.child.stdout?.on("data", (chunk: string) => this.#onData(chunk));
  }

  #onData(chunk: string): void {
    this.#buffer += chunk;
    let newline = this.#buffer.indexOf("\n");
    while (newline >= 0) {
      const line = this.#buffer.slice(0, newline);
      this.#buffer = this.#buffer.slice(newline + 1);
      newline = this.#buffer.indexOf("\n");
      if (!line.trim()) continue;
      const message = JSON.parse(line) as Record<string, unknown>;
      const id = message.id as number | undefined;
      if (id === undefined) continue;
      const resolveCall = this.#pending.get(id);
      this.#pending.delete(id);
      resolveCall?.(message);
    }
  }

  request(method: string, params: Record<string, unknown>): Promise<Record<string, unknown>> {
    const id = this.#nextId++;
    return new Promise((resolveCall) => {
      this.#pending.set(id, resolveCall);
      this.#send(`${JSON.stringify({ jsonrpc: "2.0", id, method, params })}\n`);
    });
  }

  #send(line: string): void {
    if (this.#outgoing.push(line) > 1) return;
    process.nextTick(() => {
      const chunk = this.#outgoing.join("");
      this.#outgoing = [];
      this.child.stdin?.write(chunk);
    });
  }

  notify(method: string): void {
    this.#send(`${JSON.stringify({ jsonrpc: "2.0", method })}\n`);
  }

  async call(i: number): Promise<void> {
    const response = await this.request("tools/call", { name: "add", arguments: { a: i, b: 1 } });
    const result = response.result as { structuredContent?: { result?: number } } | undefined;
    if (result?.structuredContent?.result !== i + 1)
      throw new Error(`bad answer: ${JSON.stringify(response)}`);
  }

  async concurrent(total: number, inFlight: number): Promise<void> {
    let next = 0;
    const lane = async () => {
      while (next < total) await this.call(next++);
    };
    await Promise.all(Array.from({ length: inFlight }, lane));
  }

  peakRssMb(): number {
    const status = readFileSync(`/proc/${this.child.pid}/status`, "utf8");
    const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
    return kb / 1024;
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolveExit) => this.child.once("exit", resolveExit));
    this.child.stdin?.end();
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 3_000);
    await exited;
    clearTimeout(timer);
  }
}

async function measure(args: string[], env: Record<string, string>): Promise<Measurement> {
  const started = performance.now();
  const driver = new Driver(process.execPath, args, env);
  await driver.request("initialize", {
    protocolVersion: "2025-11-25",
    capabilities: {},
    clientInfo: { name: "bench", version: "1.0.0" },
  });
  const coldStartMs = performance.now() - started;
  driver.notify("notifications/initialized");
  await driver.concurrent(WARMUP, IN_FLIGHT);
  const latencies: number[] = [];
  for (let i = 0; i < SEQUENTIAL; i++) {
    const t0 = performance.now();
    await driver.call(i);
    latencies.push(performance.now() - t0);
  }
  latencies.sort((a, b) => a - b);
  const t0 = performance.now();
  await driver.concurrent(THROUGHPUT, IN_FLIGHT);
  const callsPerSecond = THROUGHPUT / ((performance.now() - t0) / 1000);
  const peakRssMb = driver.peakRssMb();
  await driver.stop();
  return {
    coldStartMs,
    p50Ms: latencies[Math.floor(latencies.length * 0.5)] as number,
    p99Ms: latencies[Math.floor(latencies.length * 0.99)] as number,
    callsPerSecond,
    peakRssMb,
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

export async function run(): Promise<void> {
  if (!existsSync(ourBin)) {
    process.stdout.write(`Skipped: ${ourBin} is missing; run \`pnpm build\` first.\n`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), "mcp-bench-server-"));
  const sdkScript = join(dir, "sdk-calculator.mjs");
  writeFileSync(sdkScript, sdkServerSource());
  const servers = [
    { label: "ours", args: [ourBin], env: {} as Record<string, string>, results: [] as Measurement[] },
    { label: "sdk", args: [sdkScript], env: {}, results: [] as Measurement[] },
    {
      label: "ours, MCP_SMALL_HEAP=0",
      args: [ourBin],
      env: { MCP_SMALL_HEAP: "0" },
      results: [] as Measurement[],
    },
  ];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? servers : [...servers].reverse();
      for (const server of order) server.results.push(await measure(server.args, server.env));
      process.stdout.write(`round ${round + 1}/${ROUNDS} done\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const metrics: [keyof Measurement, string, number][] = [
    ["coldStartMs", "cold start, spawn to initialize response (ms)", 1],
    ["p50Ms", "sequential tools/call p50 (ms)", 3],
    ["p99Ms", "sequential tools/call p99 (ms)", 3],
    ["callsPerSecond", `throughput, ${IN_FLIGHT} in flight (calls/s)`, 0],
    ["peakRssMb", "peak RSS (MB)", 1],
  ];
  type Server = (typeof servers)[number];
  const [ours, sdk, oursDefaultHeap] = servers as [Server, Server, Server];
  const lines = [
    `Rounds: ${ROUNDS}; warm-up ${WARMUP} calls; ${SEQUENTIAL} sequential; ${THROUGHPUT} at ${IN_FLIGHT} in flight. Medians.`,
    "",
    "| metric | ours | SDK | ours / SDK | ours, MCP_SMALL_HEAP=0 | that / SDK |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const [key, label, digits] of metrics) {
    const [a, b, c] = [ours, sdk, oursDefaultHeap].map((server) =>
      median(server.results.map((result) => result[key])),
    ) as [number, number, number];
    lines.push(
      `| ${label} | ${a.toFixed(digits)} | ${b.toFixed(digits)} | ${(a / b).toFixed(2)} | ${c.toFixed(digits)} | ${(c / b).toFixed(2)} |`,
    );
  }
  process.stdout.write(`${lines.join("\n")}\n`);
}
