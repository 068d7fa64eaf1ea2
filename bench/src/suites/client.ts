// @mcp/client vs the official SDK Client, both over stdio to the same minimal server (a raw NDJSON
// echo server in plain JS, so the client side dominates): import time of the client + stdio
// transport (fresh processes, built dist of both), throughput with 32 calls in flight, sequential
// latency, and client CPU per call (process.cpuUsage of this process, which holds only the client;
// the server is a child). Each client first lists tools (both then validate results), one warm-up
// batch, then BENCH_CLIENT_ROUNDS rounds alternating which client goes first (the machine is shared).
// Needs `pnpm build` for @mcp/protocol and @mcp/client (the import-time figures read dist/).
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Client } from "@mcp/client";
import { StdioClientTransport } from "@mcp/client/stdio";
import { Client as SdkClient } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport as SdkStdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

export const name = "client: @mcp/client vs SDK Client over stdio (import, throughput, latency, CPU)";

const ROUNDS = Number(process.env.BENCH_CLIENT_ROUNDS ?? 5);
const THROUGHPUT_CALLS = Number(process.env.BENCH_CLIENT_CALLS ?? 5_000);
const SEQUENTIAL_CALLS = Number(process.env.BENCH_CLIENT_SEQUENTIAL ?? 1_000);
const IMPORT_RUNS = Number(process.env.BENCH_CLIENT_IMPORT_RUNS ?? 15);
const IN_FLIGHT = 32;

// The minimal server: answers initialize, tools/list (one echo tool) and tools/call, nothing more.
const SERVER = `
const rl = require("node:readline").createInterface({ input: process.stdin });
rl.on("line", (line) => {
  const m = JSON.parse(line);
  if (m.id === undefined) return;
  let result = {};
  if (m.method === "initialize") result = { protocolVersion: m.params.protocolVersion, capabilities: { tools: {} }, serverInfo: { name: "minimal", version: "1.0.0" } };
  else if (m.method === "tools/list") result = { tools: [{ name: "echo", inputSchema: { type: "object", properties: { text: { type: "string" } } } }] };
  else if (m.method === "tools/call") result = { content: [{ type: "text", text: m.params.arguments.text }] };
  process.stdout.write(JSON.stringify({ jsonrpc: "2.0", id: m.id, result }) + "\\n");
});`;

interface Contender {
  label: string;
  connect(): Promise<{ call: (text: string) => Promise<unknown>; close: () => Promise<void> }>;
}

const ours: Contender = {
  label: "@mcp/client",
  async connect() {
    const client = new Client({ name: "bench", version: "1.0.0" });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: ["-e", SERVER] }));
    await client.listAllTools();
    return {
      call: (text) => client.callTool({ name: "echo", arguments: { text } }),
      close: () => client.close(),
    };
  },
};

// Separates the client's cost from the stdio transport's: our Client over the SDK's transport.
const oursOverSdkStdio: Contender = {
  label: "@mcp/client over SDK stdio",
  async connect() {
    const client = new Client({ name: "bench", version: "1.0.0" });
    await client.connect(new SdkStdioClientTransport({ command: process.execPath, args: ["-e", SERVER] }));
    await client.listAllTools();
    return {
      call: (text) => client.callTool({ name: "echo", arguments: { text } }),
      close: () => client.close(),
    };
  },
};

const sdk: Contender = {
  label: "SDK Client",
  async connect() {
    const client = new SdkClient({ name: "bench", version: "1.0.0" });
    await client.connect(new SdkStdioClientTransport({ command: process.execPath, args: ["-e", SERVER] }));
    await client.listTools();
    return {
      call: (text) => client.callTool({ name: "echo", arguments: { text } }),
      close: () => client.close(),
    };
  },
};

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

interface RoundFigures {
  callsPerSecond: number;
  cpuMicrosPerCall: number;
  p50Ms: number;
  p99Ms: number;
}

async function round(contender: Contender): Promise<RoundFigures> {
  const connection = await contender.connect();
  try {
    // Warm-up: JIT and the pipes.
    await Promise.all(Array.from({ length: 500 }, (_, i) => connection.call(`w${i}`)));
    let next = 0;
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < THROUGHPUT_CALLS) {
          const i = next++;
          await connection.call(`m${i}`);
        }
      }),
    );
    const elapsed = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const latencies: number[] = [];
    for (let i = 0; i < SEQUENTIAL_CALLS; i++) {
      const t = performance.now();
      await connection.call(`s${i}`);
      latencies.push(performance.now() - t);
    }
    return {
      callsPerSecond: THROUGHPUT_CALLS / (elapsed / 1000),
      cpuMicrosPerCall: (cpu.user + cpu.system) / THROUGHPUT_CALLS,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
    };
  } finally {
    await connection.close();
  }
}

function importTimes(modules: string[]): number[] {
  const script = `const t = performance.now(); for (const m of ${JSON.stringify(modules)}) await import(m); process.stdout.write(String(performance.now() - t));`;
  return Array.from({ length: IMPORT_RUNS }, () =>
    Number(execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" })),
  );
}

function distModules(): { ours: string[]; sdk: string[] } {
  // The built dist/ of our client, by path: this suite runs under the @mcp/source condition (so the
  // contenders above are the sources), but import time must be measured on what users install.
  const ours = ["../../../packages/client/dist/index.js", "../../../packages/client/dist/stdio/index.js"].map(
    (relative) => new URL(relative, import.meta.url).href,
  );
  for (const url of ours) {
    if (!existsSync(fileURLToPath(url))) {
      throw new Error(`${url} is missing: run \`pnpm build\` before the client benchmark`);
    }
  }
  return {
    ours,
    sdk: [
      import.meta.resolve("@modelcontextprotocol/sdk/client/index.js"),
      import.meta.resolve("@modelcontextprotocol/sdk/client/stdio.js"),
    ],
  };
}

const fmt = (n: number, digits = 0) => n.toFixed(digits);

export async function run(): Promise<void> {
  const modules = distModules();
  const importOurs = median(importTimes(modules.ours));
  const importSdk = median(importTimes(modules.sdk));

  const contenders = [ours, oursOverSdkStdio, sdk];
  const figures = new Map<string, RoundFigures[]>(contenders.map((c) => [c.label, []]));
  for (let r = 0; r < ROUNDS; r++) {
    const order = r % 2 === 0 ? contenders : [...contenders].reverse();
    for (const contender of order) figures.get(contender.label)?.push(await round(contender));
  }
  const summary = (label: string) => {
    const rounds = figures.get(label) ?? [];
    return {
      callsPerSecond: median(rounds.map((f) => f.callsPerSecond)),
      cpuMicrosPerCall: median(rounds.map((f) => f.cpuMicrosPerCall)),
      p50Ms: median(rounds.map((f) => f.p50Ms)),
      p99Ms: median(rounds.map((f) => f.p99Ms)),
    };
  };
  const a = summary(ours.label);
  const c = summary(oursOverSdkStdio.label);
  const b = summary(sdk.label);
  const lines = [
    `Node ${process.version}; ${ROUNDS} rounds (medians), ${THROUGHPUT_CALLS} calls with ${IN_FLIGHT} in flight, ${SEQUENTIAL_CALLS} sequential calls, import time over ${IMPORT_RUNS} fresh processes.`,
    "",
    "| figure | @mcp/client | @mcp/client over SDK stdio | SDK Client | ours vs SDK |",
    "| --- | ---: | ---: | ---: | ---: |",
    `| import client + stdio transport (ms) | ${fmt(importOurs, 1)} | | ${fmt(importSdk, 1)} | ${fmt(importOurs / importSdk, 2)}x the time |`,
    `| throughput, 32 in flight (calls/s) | ${fmt(a.callsPerSecond)} | ${fmt(c.callsPerSecond)} | ${fmt(b.callsPerSecond)} | ${fmt(a.callsPerSecond / b.callsPerSecond, 2)}x |`,
    `| sequential p50 (ms) | ${fmt(a.p50Ms, 3)} | ${fmt(c.p50Ms, 3)} | ${fmt(b.p50Ms, 3)} | ${fmt(a.p50Ms / b.p50Ms, 2)}x the time |`,
    `| sequential p99 (ms) | ${fmt(a.p99Ms, 3)} | ${fmt(c.p99Ms, 3)} | ${fmt(b.p99Ms, 3)} | ${fmt(a.p99Ms / b.p99Ms, 2)}x the time |`,
    `| client CPU per call (µs) | ${fmt(a.cpuMicrosPerCall, 1)} | ${fmt(c.cpuMicrosPerCall, 1)} | ${fmt(b.cpuMicrosPerCall, 1)} | ${fmt(a.cpuMicrosPerCall / b.cpuMicrosPerCall, 2)}x |`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}
