// @mcp/server-filesystem vs the reference @modelcontextprotocol/server-filesystem: search_files,
// directory_tree and grep on a generated tree of 100,000 files. Both servers run as real stdio
// processes driven by the official SDK Client, so the client side is identical; each (server,
// tool) pair gets a fresh process, both run at once; after one warm-up call each, BENCH_FS_ROUNDS
// rounds alternate which server goes first (the machine is shared, so load shifts). We report the
// median wall time of a call and each process's peak RSS (VmHWM from /proc) after the rounds.
// Ours runs from source through tsx (start-up is not timed), with caps raised so it does the same
// full work as the reference. The reference has no grep: ours is reported alone.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

export const name =
  "filesystem: search_files, directory_tree, grep on 100,000 files (ours vs reference server)";

const ROUNDS = Number(process.env.BENCH_FS_ROUNDS ?? 5);
const FILES = Number(process.env.BENCH_FS_FILES ?? 100_000);
const repoRoot = resolve(import.meta.dirname, "../../..");

interface Workload {
  tool: string;
  args: (root: string) => Record<string, unknown>;
  /** How many results a call found, to check both servers did the same work. */
  count: (result: CallResult) => number;
}

interface CallResult {
  content?: { type: string; text?: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

const textOf = (result: CallResult) => result.content?.[0]?.text ?? "";
const countTree = (nodes: { children?: unknown[] }[]): number =>
  nodes.reduce(
    (sum, node) => sum + 1 + (node.children ? countTree(node.children as { children?: unknown[] }[]) : 0),
    0,
  );

const WORKLOADS: Workload[] = [
  {
    tool: "search_files",
    args: (root) => ({ path: root, pattern: "**/*.md" }),
    count: (result) =>
      result.structuredContent && Array.isArray(result.structuredContent.matches)
        ? result.structuredContent.matches.length
        : textOf(result).split("\n").filter(Boolean).length,
  },
  {
    tool: "directory_tree",
    args: (root) => ({ path: root }),
    count: (result) =>
      result.structuredContent && Array.isArray(result.structuredContent.tree)
        ? countTree(result.structuredContent.tree as { children?: unknown[] }[])
        : countTree(JSON.parse(textOf(result))),
  },
  {
    tool: "grep",
    args: (root) => ({ path: root, pattern: "NEEDLE-\\d+", contextLines: 1, maxMatches: 100_000 }),
    count: (result) => (result.structuredContent?.matches as unknown[] | undefined)?.length ?? 0,
  },
];

interface ServerSpec {
  label: string;
  command: string;
  args: (root: string) => string[];
}

const SERVERS: ServerSpec[] = [
  {
    label: "ours",
    command: process.execPath,
    args: (root) => [
      "--conditions=@mcp/source",
      "--import",
      "tsx",
      join(repoRoot, "packages/server-filesystem/src/cli.ts"),
      root,
      "--max-entries",
      "1000000",
      "--max-results",
      "1000000",
      "--grep-timeout-ms",
      "600000",
    ],
  },
  {
    label: "reference",
    command: process.execPath,
    args: (root) => [
      join(repoRoot, "bench/node_modules/@modelcontextprotocol/server-filesystem/dist/index.js"),
      root,
    ],
  },
];

/** 10 x 10 x 10 directories of FILES/1000 files each; 1 file in 50 carries a NEEDLE line. */
function generateTree(): string {
  const root = mkdtempSync(join(tmpdir(), "mcp-fs-bench-"));
  const perLeaf = Math.ceil(FILES / 1000);
  let n = 0;
  for (let a = 0; a < 10; a++) {
    for (let b = 0; b < 10; b++) {
      for (let c = 0; c < 10; c++) {
        const directory = join(root, `d${a}`, `e${b}`, `f${c}`);
        mkdirSync(directory, { recursive: true });
        for (let i = 0; i < perLeaf && n < FILES; i++, n++) {
          const extension = n % 10 === 0 ? "md" : n % 3 === 0 ? "ts" : "txt";
          const needle = n % 50 === 0 ? `\nfound NEEDLE-${n} here` : "";
          writeFileSync(
            join(directory, `file-${n}.${extension}`),
            `line one of ${n}\nsome text for searching ${n % 97}${needle}\nthe end\n`,
          );
        }
      }
    }
  }
  return root;
}

/** VmHWM (peak RSS) or VmRSS (current) of a process, in MB. */
function rssMb(pid: number | null, field: "VmHWM" | "VmRSS" = "VmHWM"): number {
  if (pid === null) return Number.NaN;
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1]);
  return kb / 1024;
}

/** CPU time (user + system) the process has used so far, in ms; 100 clock ticks per second on Linux. */
function cpuMs(pid: number | null): number {
  if (pid === null) return Number.NaN;
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

interface Running {
  client: Client;
  transport: StdioClientTransport;
  hasTool: boolean;
  /** RSS after start-up, before any call. */
  idleMb: number;
}

async function startServer(server: ServerSpec, workload: Workload, root: string): Promise<Running> {
  const transport = new StdioClientTransport({
    command: server.command,
    args: server.args(root),
    cwd: repoRoot,
    stderr: process.env.BENCH_FS_STDERR ? "inherit" : "ignore",
    // The SDK's default 10 MB read buffer is below the reference's 100,000-entry tree (~24 MB of
    // pretty JSON, ours is ~9 MB): raise it for both so the work itself is compared.
    maxBufferSize: 512 * 1024 * 1024,
  });
  const client = new Client({ name: "bench", version: "1.0.0" });
  await client.connect(transport);
  const { tools } = await client.listTools();
  return {
    client,
    transport,
    hasTool: tools.some((tool) => tool.name === workload.tool),
    idleMb: rssMb(transport.pid, "VmRSS"),
  };
}

async function call(running: Running, label: string, workload: Workload, root: string): Promise<CallResult> {
  const result = (await running.client.callTool(
    { name: workload.tool, arguments: workload.args(root) },
    undefined,
    {
      timeout: 600_000,
    },
  )) as CallResult;
  if (result.isError) throw new Error(`${label} ${workload.tool}: ${textOf(result)}`);
  return result;
}

interface Cell {
  ms: number;
  /** Median CPU time the server process spent per call (less sensitive to the shared machine's load). */
  cpu: number;
  peakMb: number;
  idleMb: number;
  count: number;
}

/** Both servers up at once; one warm-up call each, then rounds alternating which goes first. */
async function measure(workload: Workload, root: string): Promise<(Cell | undefined)[]> {
  const running = await Promise.all(SERVERS.map((server) => startServer(server, workload, root)));
  try {
    const active = SERVERS.map((_, index) => index).filter((index) => running[index]!.hasTool);
    const counts = new Map<number, number>();
    const times = new Map<number, number[]>(active.map((index) => [index, []]));
    const cpu = new Map<number, number[]>(active.map((index) => [index, []]));
    for (const index of active) {
      counts.set(index, workload.count(await call(running[index]!, SERVERS[index]!.label, workload, root)));
    }
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? active : [...active].reverse();
      for (const index of order) {
        const pid = running[index]!.transport.pid;
        const cpuBefore = cpuMs(pid);
        const started = performance.now();
        await call(running[index]!, SERVERS[index]!.label, workload, root);
        times.get(index)!.push(performance.now() - started);
        cpu.get(index)!.push(cpuMs(pid) - cpuBefore);
      }
    }
    return SERVERS.map((_, index) =>
      running[index]!.hasTool
        ? {
            ms: median(times.get(index)!),
            cpu: median(cpu.get(index)!),
            peakMb: rssMb(running[index]!.transport.pid),
            idleMb: running[index]!.idleMb,
            count: counts.get(index)!,
          }
        : undefined,
    );
  } finally {
    await Promise.all(running.map((server) => server.client.close()));
  }
}

export async function run(): Promise<void> {
  const started = performance.now();
  // BENCH_FS_DIR reuses a tree generated earlier (kept, not deleted); BENCH_FS_TOOLS picks tools.
  const reuse = process.env.BENCH_FS_DIR;
  const root = reuse ?? generateTree();
  process.stdout.write(
    `Generated ${FILES} files in ${((performance.now() - started) / 1000).toFixed(1)} s; ${ROUNDS} rounds per cell.\n\n`,
  );
  process.stdout.write(
    "| tool | wall: ours | wall: reference | speed-up | server CPU: ours | server CPU: reference | CPU ratio | peak RSS (idle): ours | peak RSS (idle): reference | results (ours / ref) |\n",
  );
  process.stdout.write("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
  try {
    const only = process.env.BENCH_FS_TOOLS?.split(",");
    for (const workload of WORKLOADS.filter((w) => !only || only.includes(w.tool))) {
      const [ours, reference] = await measure(workload, root);
      const ms = (value: number | undefined) => (value === undefined ? "n/a" : `${value.toFixed(0)} ms`);
      const mb = (value: Cell | undefined) =>
        value === undefined ? "n/a" : `${value.peakMb.toFixed(0)} MB (${value.idleMb.toFixed(0)} MB)`;
      const ratio = (a: number | undefined, b: number | undefined) =>
        a === undefined || b === undefined ? "n/a" : `${(b / a).toFixed(1)}x`;
      process.stdout.write(
        `| ${workload.tool} | ${ms(ours?.ms)} | ${ms(reference?.ms)} | ${ratio(ours?.ms, reference?.ms)} | ${ms(ours?.cpu)} | ${ms(reference?.cpu)} | ${ratio(ours?.cpu, reference?.cpu)} | ${mb(ours)} | ${mb(reference)} | ${ours?.count ?? "-"} / ${reference?.count ?? "-"} |\n`,
      );
    }
  } finally {
    if (!reuse) rmSync(root, { recursive: true, force: true });
  }
}
