// Process lifecycle of @mcp/client/stdio (+ @mcp/client/manager) vs the official SDK's
// StdioClientTransport, against the same minimal stdio servers, in the same run:
//  - start: spawn + initialize until the first tools/list answers;
//  - close of a well-behaved server (exits when stdin ends);
//  - close of a server whose grandchild ignores SIGTERM and keeps running: time to close, and how
//    many of those grandchildren are still alive afterwards (the leak the manager exists to stop);
//  - calls through ManagedServer.call (32 in flight) vs the bare Client: the manager's overhead.
// BENCH_MANAGER_ROUNDS rounds (default 7), alternating which contender goes first (shared machine).
import { readFileSync } from "node:fs";
import { Client } from "@mcp/client";
import { createStdioManagedServer } from "@mcp/client/manager";
import { StdioClientTransport } from "@mcp/client/stdio";
import { Client as SdkClient } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport as SdkStdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

export const name = "client-manager: stdio process lifecycle, @mcp/client/stdio vs SDK StdioClientTransport";

const ROUNDS = Number(process.env.BENCH_MANAGER_ROUNDS ?? 7);
const CALLS = Number(process.env.BENCH_MANAGER_CALLS ?? 2_000);
const IN_FLIGHT = 32;

// Answers initialize, tools/list and tools/call (echo). With GRANDCHILD=1 it first starts a
// grandchild that ignores SIGTERM and holds no pipe of ours, and prints its pid on stderr.
const SERVER = `
if (process.env.GRANDCHILD === "1") {
  const c = require("node:child_process").spawn(process.execPath, ["-e", "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)"], { stdio: "ignore" });
  process.stderr.write("grandchild " + c.pid + "\\n");
}
const rl = require("node:readline").createInterface({ input: process.stdin });
rl.on("line", (line) => {
  const m = JSON.parse(line);
  if (m.id === undefined) return;
  let result = {};
  if (m.method === "initialize") result = { protocolVersion: m.params.protocolVersion, capabilities: { tools: {} }, serverInfo: { name: "minimal", version: "1.0.0" } };
  else if (m.method === "tools/list") result = { tools: [{ name: "echo", inputSchema: { type: "object" } }] };
  else if (m.method === "tools/call") result = { content: [{ type: "text", text: m.params.arguments.text }] };
  process.stdout.write(JSON.stringify({ jsonrpc: "2.0", id: m.id, result }) + "\\n");
});`;

interface Session {
  close(): Promise<void>;
  stderr(): string;
}

interface Contender {
  label: string;
  open(env?: Record<string, string>): Promise<Session>;
}

const ours: Contender = {
  label: "@mcp/client/stdio",
  async open(env) {
    const transport = new StdioClientTransport({ command: process.execPath, args: ["-e", SERVER], env });
    const client = new Client({ name: "bench", version: "1.0.0" });
    await client.connect(transport);
    await client.listTools();
    return { close: () => client.close(), stderr: () => transport.stderrTail };
  },
};

const sdk: Contender = {
  label: "SDK StdioClientTransport",
  async open(env) {
    const transport = new SdkStdioClientTransport({
      command: process.execPath,
      args: ["-e", SERVER],
      env: { PATH: process.env.PATH ?? "", ...env },
      stderr: "pipe",
    });
    let stderr = "";
    transport.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const client = new SdkClient({ name: "bench", version: "1.0.0" });
    await client.connect(transport);
    await client.listTools();
    return { close: () => client.close(), stderr: () => stderr };
  },
};

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

function isLiving(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

interface Figures {
  startMs: number[];
  closeMs: number[];
  closeGrandchildMs: number[];
  leaked: number;
  leakedPids: number[];
}

async function measure(contender: Contender, figures: Figures): Promise<void> {
  let t = performance.now();
  const session = await contender.open();
  figures.startMs.push(performance.now() - t);
  t = performance.now();
  await session.close();
  figures.closeMs.push(performance.now() - t);

  const withGrandchild = await contender.open({ GRANDCHILD: "1" });
  for (let i = 0; i < 200 && !/grandchild \d+/.test(withGrandchild.stderr()); i++) {
    await new Promise((r) => setTimeout(r, 5));
  }
  const pid = Number(/grandchild (\d+)/.exec(withGrandchild.stderr())?.[1]);
  t = performance.now();
  await withGrandchild.close();
  figures.closeGrandchildMs.push(performance.now() - t);
  await new Promise((r) => setTimeout(r, 100));
  if (pid && isLiving(pid)) {
    figures.leaked++;
    figures.leakedPids.push(pid);
  }
}

async function managerOverhead(): Promise<{ bare: number; managed: number }> {
  const server = createStdioManagedServer({
    server: { command: process.execPath, args: ["-e", SERVER] },
    healthCheck: false,
  });
  await server.start();
  const client = server.client!;
  const run = async (call: (i: number) => Promise<unknown>) => {
    const t = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < CALLS) await call(next++);
      }),
    );
    return (CALLS / (performance.now() - t)) * 1000;
  };
  const bare: number[] = [];
  const managed: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const direct = () => run((i) => client.callTool({ name: "echo", arguments: { text: `${i}` } }));
    const viaManager = () =>
      run((i) =>
        server.call((c, signal) => c.callTool({ name: "echo", arguments: { text: `${i}` } }, { signal })),
      );
    if (round % 2 === 0) {
      bare.push(await direct());
      managed.push(await viaManager());
    } else {
      managed.push(await viaManager());
      bare.push(await direct());
    }
  }
  await server.stop();
  return { bare: median(bare), managed: median(managed) };
}

export async function run(): Promise<void> {
  const figures = new Map<Contender, Figures>([
    [ours, { startMs: [], closeMs: [], closeGrandchildMs: [], leaked: 0, leakedPids: [] }],
    [sdk, { startMs: [], closeMs: [], closeGrandchildMs: [], leaked: 0, leakedPids: [] }],
  ]);
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? [ours, sdk] : [sdk, ours];
    for (const contender of order) await measure(contender, figures.get(contender)!);
  }
  const o = figures.get(ours)!;
  const s = figures.get(sdk)!;
  const row = (label: string, a: number[], b: number[]) =>
    `| ${label} | ${median(a).toFixed(0)} ms | ${median(b).toFixed(0)} ms | ${(median(b) / median(a)).toFixed(2)}x |`;
  const lines = [
    `${ROUNDS} rounds, medians; ratio = SDK / ours (above 1: ours is faster).`,
    "",
    "| | @mcp/client/stdio | SDK StdioClientTransport | ratio |",
    "| --- | --- | --- | --- |",
    row("start (spawn + initialize + tools/list)", o.startMs, s.startMs),
    row("close, server exits on stdin end", o.closeMs, s.closeMs),
    row("close, grandchild ignores SIGTERM", o.closeGrandchildMs, s.closeGrandchildMs),
    `| grandchildren still alive after close | ${o.leaked} of ${ROUNDS} | ${s.leaked} of ${ROUNDS} | |`,
  ];
  // The SDK leaves its grandchildren running; kill the ones this benchmark made.
  for (const pid of [...o.leakedPids, ...s.leakedPids]) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
  const overhead = await managerOverhead();
  lines.push(
    "",
    `ManagedServer.call vs the bare Client, ${CALLS} echo calls with ${IN_FLIGHT} in flight: ` +
      `${overhead.bare.toFixed(0)} calls/s bare, ${overhead.managed.toFixed(0)} calls/s managed ` +
      `(${((overhead.managed / overhead.bare) * 100).toFixed(0)}%).`,
  );
  process.stdout.write(`${lines.join("\n")}\n`);
}
