// @mcp/client vs the official SDK Client, both over stdio to the same minimal server (a raw NDJSON
// echo server in plain JS, so the client side dominates), measured on what users install: the
// built dist/ of our client and protocol, the SDK's published build. Everything runs in plain
// `node` child processes (no TypeScript loader, no @mcp/source condition):
//  - import time of the client + stdio transport (fresh processes);
//  - import + connect + first call (fresh processes): what lazy loading moves out of the import
//    (execa, the JSON Schema validator) is paid here, so it is reported, not hidden;
//  - a fresh worker process per client and round (one client library per process, as in an
//    application: no shared JIT feedback or heap between contenders): throughput with 32 calls in
//    flight, sequential latency, client CPU per call (process.cpuUsage of the worker; the server is
//    its child). Each client first lists tools (both then validate results) and warms up (two
//    uncounted rounds, and 500 calls per round); BENCH_CLIENT_ROUNDS rounds alternate which client
//    goes first (the machine is shared).
// The server answers all the lines of one stdin chunk in one write (as an efficient server does);
// a second variant writes each response on its own (readline + one write per line), reported as
// its own throughput row. Needs `pnpm build` (the root `pnpm bench` builds first).
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const name = "client: @mcp/client vs SDK Client over stdio (import, throughput, latency, CPU)";

const ROUNDS = Number(process.env.BENCH_CLIENT_ROUNDS ?? 5);
// 20,000 calls: at ~80k calls/s a round of 5,000 lasted ~60 ms, short enough for one scheduling hiccup
// of this shared machine to move the figure by a third.
const THROUGHPUT_CALLS = Number(process.env.BENCH_CLIENT_CALLS ?? 20_000);
const SEQUENTIAL_CALLS = Number(process.env.BENCH_CLIENT_SEQUENTIAL ?? 1_000);
const IMPORT_RUNS = Number(process.env.BENCH_CLIENT_IMPORT_RUNS ?? 15);
const IN_FLIGHT = 32;

// Answers initialize, tools/list (one echo tool) and tools/call, nothing more. Shared by both servers.
const ANSWER = `
function answer(m) {
  let result = {};
  if (m.method === "initialize") result = { protocolVersion: m.params.protocolVersion, capabilities: { tools: {} }, serverInfo: { name: "minimal", version: "1.0.0" } };
  else if (m.method === "tools/list") result = { tools: [{ name: "echo", inputSchema: { type: "object", properties: { text: { type: "string" } } } }] };
  else if (m.method === "tools/call") result = { content: [{ type: "text", text: m.params.arguments.text }] };
  return JSON.stringify({ jsonrpc: "2.0", id: m.id, result }) + "\\n";
}`;

// The main server: every complete line of a chunk is answered, all answers in one write.
const CHUNK_SERVER = `${ANSWER}
let rest = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => {
  const lines = (rest + chunk).split("\\n");
  rest = lines.pop();
  let out = "";
  for (const line of lines) {
    if (line === "") continue;
    const m = JSON.parse(line);
    if (m.id !== undefined) out += answer(m);
  }
  if (out !== "") process.stdout.write(out);
});`;

// The variant: readline, one synchronous write per response (a system call per call).
const LINE_SERVER = `${ANSWER}
require("node:readline").createInterface({ input: process.stdin }).on("line", (line) => {
  const m = JSON.parse(line);
  if (m.id !== undefined) process.stdout.write(answer(m));
});`;

// The worker: plain ESM, given the module URLs and settings in BENCH_CLIENT_CONFIG; prints JSON.
const WORKER = `
const config = JSON.parse(process.env.BENCH_CLIENT_CONFIG);
const [{ Client }, { StdioClientTransport }, { Client: SdkClient }, { StdioClientTransport: SdkStdio }] =
  await Promise.all([...config.ours, ...config.sdk].map((url) => import(url)));
const spawnArgs = (server) => ({ command: process.execPath, args: ["-e", server] });
const contenders = {
  ours: async (server) => {
    const client = new Client({ name: "bench", version: "1.0.0" });
    await client.connect(new StdioClientTransport(spawnArgs(server)));
    await client.listAllTools();
    return client;
  },
  oursOverSdkStdio: async (server) => {
    const client = new Client({ name: "bench", version: "1.0.0" });
    await client.connect(new SdkStdio(spawnArgs(server)));
    await client.listAllTools();
    return client;
  },
  sdk: async (server) => {
    const client = new SdkClient({ name: "bench", version: "1.0.0" });
    await client.connect(new SdkStdio(spawnArgs(server)));
    await client.listTools();
    return client;
  },
};
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
async function round(connect, server, sequential) {
  const client = await connect(server);
  const call = (text) => client.callTool({ name: "echo", arguments: { text } });
  try {
    await Promise.all(Array.from({ length: 500 }, (_, i) => call("w" + i)));
    let next = 0;
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    await Promise.all(
      Array.from({ length: config.inFlight }, async () => {
        while (next < config.calls) {
          const i = next++;
          await call("m" + i);
        }
      }),
    );
    const elapsed = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const figures = {
      callsPerSecond: config.calls / (elapsed / 1000),
      cpuMicrosPerCall: (cpu.user + cpu.system) / config.calls,
    };
    if (sequential) {
      const latencies = [];
      for (let i = 0; i < config.sequential; i++) {
        const t = performance.now();
        await call("s" + i);
        latencies.push(performance.now() - t);
      }
      figures.p50Ms = percentile(latencies, 50);
      figures.p99Ms = percentile(latencies, 99);
    }
    return figures;
  } finally {
    await client.close();
  }
}
// Two uncounted rounds first (one per server): a client's CPU per call keeps falling for its
// first ~40,000 calls (JIT tiers, background compilation counted in the process's CPU), so one
// round of warm-up left the first measured round still warming up.
const connect = contenders[config.contender];
await round(connect, config.chunkServer, false);
await round(connect, config.lineServer, false);
const results = {
  chunk: await round(connect, config.chunkServer, true),
  line: await round(connect, config.lineServer, false),
};
process.stdout.write(JSON.stringify(results));
`;

// Import, connect, one tools/call, in a fresh process: the time until the first result.
const FIRST_CALL = `
const t = performance.now();
const config = JSON.parse(process.env.BENCH_CLIENT_CONFIG);
const [{ Client }, { StdioClientTransport }] = await Promise.all(config.modules.map((url) => import(url)));
const imported = performance.now() - t;
const client = new Client({ name: "bench", version: "1.0.0" });
await client.connect(new StdioClientTransport({ command: process.execPath, args: ["-e", config.server] }));
await client.callTool({ name: "echo", arguments: { text: "first" } });
const firstCall = performance.now() - t;
await client.close();
process.stdout.write(JSON.stringify({ imported, firstCall }));
`;

interface RoundFigures {
  callsPerSecond: number;
  cpuMicrosPerCall: number;
  p50Ms?: number;
  p99Ms?: number;
}
type Results = Record<"chunk" | "line", Record<"ours" | "oursOverSdkStdio" | "sdk", RoundFigures[]>>;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

function runNode(script: string, config: unknown): string {
  return execFileSync(process.execPath, ["--input-type=module", "-e", script], {
    encoding: "utf8",
    env: { ...process.env, BENCH_CLIENT_CONFIG: JSON.stringify(config) },
    maxBuffer: 16 * 1024 * 1024,
  });
}

function importTimes(modules: string[]): number[] {
  const script = `const t = performance.now(); for (const m of ${JSON.stringify(modules)}) await import(m); process.stdout.write(String(performance.now() - t));`;
  return Array.from({ length: IMPORT_RUNS }, () => Number(runNode(script, {})));
}

function firstCallTimes(modules: string[]): number[] {
  return Array.from(
    { length: IMPORT_RUNS },
    () =>
      (JSON.parse(runNode(FIRST_CALL, { modules, server: CHUNK_SERVER })) as { firstCall: number }).firstCall,
  );
}

function distModules(): { ours: string[]; sdk: string[] } {
  // The built dist/ of our client, by path: run-all runs under the @mcp/source condition, which
  // would resolve `@mcp/client` to its sources; what users install is the build.
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
  const firstOurs = median(firstCallTimes(modules.ours));
  const firstSdk = median(firstCallTimes(modules.sdk));

  const names = ["ours", "oursOverSdkStdio", "sdk"] as const;
  const results: Results = {
    chunk: { ours: [], oursOverSdkStdio: [], sdk: [] },
    line: { ours: [], oursOverSdkStdio: [], sdk: [] },
  };
  for (let r = 0; r < ROUNDS; r++) {
    const order = r % 2 === 0 ? names : [...names].reverse();
    for (const contender of order) {
      const figures = JSON.parse(
        runNode(WORKER, {
          contender,
          ours: modules.ours,
          sdk: modules.sdk,
          chunkServer: CHUNK_SERVER,
          lineServer: LINE_SERVER,
          calls: THROUGHPUT_CALLS,
          sequential: SEQUENTIAL_CALLS,
          inFlight: IN_FLIGHT,
        }),
      ) as { chunk: RoundFigures; line: RoundFigures };
      results.chunk[contender].push(figures.chunk);
      results.line[contender].push(figures.line);
    }
  }
  const of = (server: "chunk" | "line", name: "ours" | "oursOverSdkStdio" | "sdk", key: keyof RoundFigures) =>
    median(results[server][name].map((figures) => figures[key] ?? Number.NaN));
  const row = (
    label: string,
    server: "chunk" | "line",
    key: keyof RoundFigures,
    digits: number,
    ratio: "higher" | "time",
  ) => {
    const [a, c, b] = [of(server, "ours", key), of(server, "oursOverSdkStdio", key), of(server, "sdk", key)];
    const suffix = ratio === "time" ? "x the time" : "x";
    return `| ${label} | ${fmt(a, digits)} | ${fmt(c, digits)} | ${fmt(b, digits)} | ${fmt(a / b, 2)}${suffix} |`;
  };
  const lines = [
    `Node ${process.version}; ${ROUNDS} rounds (medians), ${THROUGHPUT_CALLS} calls with ${IN_FLIGHT} in flight, ${SEQUENTIAL_CALLS} sequential calls, import figures over ${IMPORT_RUNS} fresh processes; built dist/ of both.`,
    "",
    "| figure | @mcp/client | @mcp/client over SDK stdio | SDK Client | ours vs SDK |",
    "| --- | ---: | ---: | ---: | ---: |",
    `| import client + stdio transport (ms) | ${fmt(importOurs, 1)} | | ${fmt(importSdk, 1)} | ${fmt(importOurs / importSdk, 2)}x the time |`,
    `| import + connect + first call (ms) | ${fmt(firstOurs, 1)} | | ${fmt(firstSdk, 1)} | ${fmt(firstOurs / firstSdk, 2)}x the time |`,
    row("throughput, 32 in flight (calls/s)", "chunk", "callsPerSecond", 0, "higher"),
    row("throughput, server writing each response alone (calls/s)", "line", "callsPerSecond", 0, "higher"),
    row("sequential p50 (ms)", "chunk", "p50Ms", 3, "time"),
    row("sequential p99 (ms)", "chunk", "p99Ms", 3, "time"),
    row("client CPU per call (µs)", "chunk", "cpuMicrosPerCall", 1, "time"),
    row(
      "client CPU per call, server writing each response alone (µs)",
      "line",
      "cpuMicrosPerCall",
      1,
      "time",
    ),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}
