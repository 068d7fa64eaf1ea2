// Streamable HTTP: our server (@mcp/server-base + @mcp/server-base/http) against the official
// SDK's McpServer + StreamableHTTPServerTransport, each in its own process with a small
// environment, driven by the same raw-fetch client in this process (keep-alive). Measures
// sequential tools/call latency (p50/p99), throughput with 32 calls in flight, and the server's
// peak RSS; medians of several rounds, ours and the SDK's alternating within each round.
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

export const name = "Streamable HTTP server (@mcp/server-base/http vs @modelcontextprotocol/sdk)";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3000);
const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 2000);
const PARALLEL_TOTAL = Number(process.env.BENCH_PARALLEL ?? 8000);
const IN_FLIGHT = 32;

const here = import.meta.dirname;
const tsx = createRequire(join(here, "../../package.json")).resolve("tsx/cli");

interface Variant {
  label: string;
  script: string;
  mode: string;
}
const variants: Variant[] = [
  { label: "ours (auto: JSON for quick calls)", script: "ours-server.ts", mode: "auto" },
  { label: "SDK (enableJsonResponse)", script: "sdk-server.ts", mode: "json" },
  { label: "ours (sse)", script: "ours-server.ts", mode: "sse" },
  { label: "SDK (SSE, default)", script: "sdk-server.ts", mode: "sse" },
];

interface Measure {
  p50: number;
  p99: number;
  throughput: number;
  peakRssMb: number;
}

async function startServer(variant: Variant): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [tsx, "--conditions=@mcp/source", join(here, "server-base-http", variant.script)],
    {
      env: { PATH: process.env.PATH ?? "", MODE: variant.mode, NODE_ENV: "production" },
      stdio: ["ignore", "pipe", "inherit"],
      detached: true,
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout?.setEncoding("utf8");
    child.stdout?.on("data", (chunk: string) => {
      out += chunk;
      const match = /listening (\S+)/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.once("exit", (code) => reject(new Error(`${variant.label} exited with ${code}`)));
  });
  return { child, url };
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.pid === undefined) return resolve();
    child.once("exit", () => resolve());
    process.kill(-child.pid, "SIGKILL");
  });
}

/** Peak RSS of the node process under the tsx wrapper (the one serving HTTP). */
function peakRssMb(wrapperPid: number): number {
  const pids = readFileSync(`/proc/${wrapperPid}/task/${wrapperPid}/children`, "utf8")
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map(Number);
  const target = pids[0] ?? wrapperPid;
  const status = readFileSync(`/proc/${target}/status`, "utf8");
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

class Session {
  private id = "";
  private next = 1;
  constructor(private readonly url: string) {}

  private headers(): Record<string, string> {
    const h: Record<string, string> = {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      "mcp-protocol-version": "2025-11-25",
    };
    if (this.id) h["mcp-session-id"] = this.id;
    return h;
  }

  private async post(body: unknown): Promise<unknown> {
    const response = await fetch(this.url, {
      method: "POST",
      headers: this.headers(),
      body: JSON.stringify(body),
    });
    const session = response.headers.get("mcp-session-id");
    if (session) this.id = session;
    if (response.status === 202) {
      await response.arrayBuffer();
      return undefined;
    }
    const text = await response.text();
    if ((response.headers.get("content-type") ?? "").includes("text/event-stream")) {
      const lines = text.split("\n").filter((l) => l.startsWith("data: ") && l.length > 6);
      return JSON.parse(lines.at(-1)?.slice(6) ?? "null");
    }
    return JSON.parse(text);
  }

  async initialize(): Promise<void> {
    await this.post({
      jsonrpc: "2.0",
      id: 0,
      method: "initialize",
      params: {
        protocolVersion: "2025-11-25",
        capabilities: {},
        clientInfo: { name: "bench", version: "1.0.0" },
      },
    });
    await this.post({ jsonrpc: "2.0", method: "notifications/initialized" });
  }

  async add(a: number): Promise<void> {
    const id = this.next++;
    const response = (await this.post({
      jsonrpc: "2.0",
      id,
      method: "tools/call",
      params: { name: "add", arguments: { a, b: 1 } },
    })) as { id: number; result?: { content: { text: string }[] } };
    if (response?.id !== id || response.result?.content[0]?.text !== String(a + 1)) {
      throw new Error(`bad response: ${JSON.stringify(response)}`);
    }
  }
}

async function measure(variant: Variant): Promise<Measure> {
  const { child, url } = await startServer(variant);
  try {
    const session = new Session(url);
    await session.initialize();
    await runParallel(session, WARMUP);
    const latencies: number[] = [];
    for (let i = 0; i < SEQUENTIAL; i++) {
      const start = performance.now();
      await session.add(i);
      latencies.push(performance.now() - start);
    }
    latencies.sort((x, y) => x - y);
    const start = performance.now();
    await runParallel(session, PARALLEL_TOTAL);
    const seconds = (performance.now() - start) / 1000;
    return {
      p50: percentile(latencies, 0.5),
      p99: percentile(latencies, 0.99),
      throughput: PARALLEL_TOTAL / seconds,
      peakRssMb: peakRssMb(child.pid as number),
    };
  } finally {
    await stop(child);
  }
}

async function runParallel(session: Session, total: number): Promise<void> {
  let issued = 0;
  const worker = async () => {
    while (issued < total) {
      const n = issued++;
      await session.add(n);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export async function run(): Promise<void> {
  const results = new Map<string, Measure[]>(variants.map((v) => [v.label, []]));
  for (let round = 1; round <= ROUNDS; round++) {
    for (const variant of variants) {
      const m = await measure(variant);
      results.get(variant.label)?.push(m);
      process.stdout.write(
        `round ${round} ${variant.label}: p50 ${m.p50.toFixed(3)} ms, p99 ${m.p99.toFixed(3)} ms, ${m.throughput.toFixed(0)} calls/s, peak RSS ${m.peakRssMb.toFixed(1)} MB\n`,
      );
    }
  }
  const med = (label: string, key: keyof Measure) => median((results.get(label) ?? []).map((m) => m[key]));
  process.stdout.write(
    `\nMedians of ${ROUNDS} rounds (${SEQUENTIAL} sequential calls, ${PARALLEL_TOTAL} calls at ${IN_FLIGHT} in flight, after ${WARMUP} warm-up calls):\n\n`,
  );
  process.stdout.write(
    "| server | p50 ms | p99 ms | calls/s at 32 in flight | peak RSS MB |\n|---|---|---|---|---|\n",
  );
  for (const v of variants) {
    process.stdout.write(
      `| ${v.label} | ${med(v.label, "p50").toFixed(3)} | ${med(v.label, "p99").toFixed(3)} | ${med(v.label, "throughput").toFixed(0)} | ${med(v.label, "peakRssMb").toFixed(1)} |\n`,
    );
  }
  const pairs: [string, string][] = [
    [variants[0]?.label ?? "", variants[1]?.label ?? ""],
    [variants[2]?.label ?? "", variants[3]?.label ?? ""],
  ];
  process.stdout.write("\nRatios ours / SDK:\n");
  for (const [ours, sdk] of pairs) {
    process.stdout.write(
      `- ${ours} vs ${sdk}: p50 ${(med(ours, "p50") / med(sdk, "p50")).toFixed(2)}x, p99 ${(med(ours, "p99") / med(sdk, "p99")).toFixed(2)}x, throughput ${(med(ours, "throughput") / med(sdk, "throughput")).toFixed(2)}x, peak RSS ${(med(ours, "peakRssMb") / med(sdk, "peakRssMb")).toFixed(2)}x\n`,
    );
  }
}
