// @mcp/server-filesystem vs the reference @modelcontextprotocol/server-filesystem: search_files,
// directory_tree and grep on a generated tree of 100,000 files. Both servers run as real stdio
// processes driven by the official SDK Client, so the client side is identical; each (server,
// tool) pair gets a fresh process, one warm-up call, then BENCH_FS_ROUNDS timed calls; we report
// the median wall time of a call and the process's peak RSS (VmHWM from /proc) after the rounds.
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

function peakRssMb(pid: number | null): number {
  if (pid === null) return Number.NaN;
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]);
  return kb / 1024;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

async function measure(
  server: ServerSpec,
  workload: Workload,
  root: string,
): Promise<{ ms: number; peakMb: number; count: number } | undefined> {
  const transport = new StdioClientTransport({
    command: server.command,
    args: server.args(root),
    cwd: repoRoot,
    stderr: process.env.BENCH_FS_STDERR ? "inherit" : "ignore",
  });
  const client = new Client({ name: "bench", version: "1.0.0" });
  await client.connect(transport);
  try {
    const { tools } = await client.listTools();
    if (!tools.some((tool) => tool.name === workload.tool)) return undefined;
    const call = async () => {
      const result = (await client.callTool(
        { name: workload.tool, arguments: workload.args(root) },
        undefined,
        { timeout: 600_000 },
      )) as CallResult;
      if (result.isError) throw new Error(`${server.label} ${workload.tool}: ${textOf(result)}`);
      return result;
    };
    const count = workload.count(await call());
    const times: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const started = performance.now();
      await call();
      times.push(performance.now() - started);
    }
    return { ms: median(times), peakMb: peakRssMb(transport.pid), count };
  } finally {
    await client.close();
  }
}

export async function run(): Promise<void> {
  const started = performance.now();
  const root = generateTree();
  process.stdout.write(
    `Generated ${FILES} files in ${((performance.now() - started) / 1000).toFixed(1)} s; ${ROUNDS} rounds per cell.\n\n`,
  );
  process.stdout.write(
    "| tool | ours median | reference median | ratio | ours peak RSS | reference peak RSS | results (ours / ref) |\n",
  );
  process.stdout.write("| --- | --- | --- | --- | --- | --- | --- |\n");
  try {
    for (const workload of WORKLOADS) {
      const [ours, reference] = [
        await measure(SERVERS[0]!, workload, root),
        await measure(SERVERS[1]!, workload, root),
      ];
      const cell = (value: { ms: number } | undefined) =>
        value ? `${value.ms.toFixed(0)} ms` : "n/a (no such tool)";
      const memory = (value: { peakMb: number } | undefined) =>
        value ? `${value.peakMb.toFixed(0)} MB` : "n/a";
      const ratio = ours && reference ? `${(reference.ms / ours.ms).toFixed(1)}x faster` : "n/a";
      process.stdout.write(
        `| ${workload.tool} | ${cell(ours)} | ${cell(reference)} | ${ratio} | ${memory(ours)} | ${memory(reference)} | ${ours?.count ?? "-"} / ${reference?.count ?? "-"} |\n`,
      );
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
