// The platform's overhead: POST /v1/mcp/execute (calculator `add`, warm pool, audited in the
// embedded PGlite database, over a real HTTP port) against the same `add` made directly with
// @mcp/client over stdio to the same calculator command, at 1 and 32 concurrent clients.
// The difference between the two is what the platform adds: auth, configuration resolution,
// the audit rows written before and after the call, and HTTP. Medians of BENCH_API_ROUNDS rounds.
// The API is called by three load generators, each its own row: undici `fetch` in the API's own
// process, node:http with a keep-alive Agent in the API's process, and the same node:http client
// in a child process (api-load/load-generator.ts), whose CPU is not the API's. The last is how a
// deployment is called; the in-process rows show what a client on the same event loop costs.
// BENCH_API_POSTGRES_URL (a server where the bench may create and drop a throwaway database, e.g.
// postgresql://postgres@127.0.0.1:5432/postgres) runs the same figures with PostgreSQL as the
// platform database instead of the embedded PGlite. MCP_AUDIT_RUNNING_ROW_DELAY_MS (the audit's
// `running` row only for calls still running after that long), MCP_AUDIT_JOURNAL (auto, on, off)
// and MCP_AUDIT_JOURNAL_FLUSH_MS are passed on to the platform.
import { type ChildProcess, fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { loadConfig, resolveBundledCommand, startPlatform } from "@mcp/api";
import { Client } from "@mcp/client";
import { StdioClientTransport } from "@mcp/client/stdio";
import { createDatabase, type Database } from "@mcp/db";
import pg from "pg";
import pino from "pino";
import { type ExecuteTarget, keepAliveAgent, postExecute } from "./api-load/http-post.js";
import { type Figures, measure } from "./api-load/measure.js";

export const name = "api: POST /v1/mcp/execute vs direct @mcp/client calls (platform overhead)";

const ROUNDS = Number(process.env.BENCH_API_ROUNDS ?? 3);
const SEQUENTIAL = Number(process.env.BENCH_API_SEQUENTIAL ?? 300);
const CONCURRENT_CALLS = Number(process.env.BENCH_API_CONCURRENT ?? 1_000);
const WARMUP = Number(process.env.BENCH_API_WARMUP ?? 300);
const POSTGRES_URL = process.env.BENCH_API_POSTGRES_URL;

/** A throwaway PostgreSQL database for one run, dropped by `drop()`. */
async function throwawayPostgres(adminUrl: string): Promise<{ db: Database; drop(): Promise<void> }> {
  const name = `mcp_bench_api_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await createDatabase(url.toString(), { encryptionKey: randomBytes(32).toString("base64") });
  return {
    db,
    async drop() {
      await db.close();
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** The load generator in a child process; `run` sends it one measurement and waits for it. */
async function startLoadGenerator(): Promise<{
  run(target: ExecuteTarget, total: number, concurrency: number): Promise<Figures>;
  stop(): void;
}> {
  // The child inherits this process's exec arguments (tsx's loader), so it runs the .ts source.
  const child: ChildProcess = fork(new URL("./api-load/load-generator.ts", import.meta.url), [], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  await new Promise<void>((ready, failed) => {
    child.once("spawn", ready);
    child.once("error", failed);
  });
  return {
    run(target, total, concurrency) {
      return new Promise((resolve, reject) => {
        child.once("message", (message: { figures?: Figures; error?: string }) => {
          if (message.figures) resolve(message.figures);
          else reject(new Error(`load generator: ${message.error}`));
        });
        child.send({ target, total, concurrency });
      });
    },
    stop: () => child.disconnect(),
  };
}

export async function run(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), "mcp-bench-api-"));
  const postgres = POSTGRES_URL ? await throwawayPostgres(POSTGRES_URL) : undefined;
  const config = loadConfig({
    MCP_AUDIT_RUNNING_ROW_DELAY_MS: process.env.MCP_AUDIT_RUNNING_ROW_DELAY_MS,
    MCP_AUDIT_JOURNAL: process.env.MCP_AUDIT_JOURNAL,
    MCP_AUDIT_JOURNAL_FLUSH_MS: process.env.MCP_AUDIT_JOURNAL_FLUSH_MS,
  });
  const journal = config.auditJournal === "on" || (config.auditJournal === "auto" && !postgres);
  process.stdout.write(
    `platform database: ${postgres ? "PostgreSQL" : "embedded PGlite (on disk)"}; ` +
      `running row: ${config.runningRowDelayMs ? `only after ${config.runningRowDelayMs} ms` : "while the call runs"}; ` +
      `audit journal: ${journal ? `on, applied every ${config.auditJournalFlushMs} ms` : "off"}\n\n`,
  );
  const platform = await startPlatform(
    { ...config, dataDir, logLevel: "silent" },
    { logger: pino({ level: "silent" }), ...(postgres ? { database: postgres.db } : {}) },
  );
  const server = serve({ fetch: platform.app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((ready) => server.once("listening", ready));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/mcp/execute`;
  const headers = {
    authorization: `Bearer ${platform.createdAdminKey}`,
    "x-mcp-tenant": "demo",
    "content-type": "application/json",
  };
  const target: ExecuteTarget = { url, headers };
  const viaFetch = async (i: number) => {
    const res = await fetch(url, {
      method: "POST",
      headers,
      body: JSON.stringify({ server_id: "calculator", tool: "add", arguments: { a: i, b: 1 } }),
    });
    const body = (await res.json()) as { status: string };
    if (body.status !== "succeeded") throw new Error(`execute failed: ${JSON.stringify(body)}`);
  };
  const agents = { 1: keepAliveAgent(1), 32: keepAliveAgent(32) };
  const viaHttp = (clients: 1 | 32) => (i: number) => postExecute(agents[clients], target, i);
  const generator = await startLoadGenerator();

  const calculator = resolveBundledCommand("mcp-server-calculator")!;
  const client = new Client({ name: "bench", version: "1.0.0" });
  await client.connect(new StdioClientTransport({ command: calculator.command, args: calculator.args }));
  const direct = async (i: number) => {
    const result = await client.callTool({ name: "add", arguments: { a: i, b: 1 } });
    if (result.isError) throw new Error("direct call failed");
  };

  try {
    for (let i = 0; i < WARMUP; i++) {
      await viaFetch(i);
      await viaHttp(1)(i);
      await direct(i);
    }
    await generator.run(target, WARMUP, 1);
    const results: Record<string, Figures[]> = {};
    const record = (key: string, figures: Figures) => {
      results[key] ??= [];
      results[key].push(figures);
    };
    for (let round = 0; round < ROUNDS; round++) {
      for (const clients of [1, 32] as const) {
        const total = clients === 1 ? SEQUENTIAL : CONCURRENT_CALLS;
        record(`direct ${clients}`, await measure(direct, total, clients));
        record(`api-fetch-same-process ${clients}`, await measure(viaFetch, total, clients));
        record(`api-http-same-process ${clients}`, await measure(viaHttp(clients), total, clients));
        record(`api-http-child-process ${clients}`, await generator.run(target, total, clients));
      }
    }
    const summary = Object.fromEntries(
      Object.entries(results).map(([key, list]) => [
        key,
        {
          rps: median(list.map((f) => f.rps)),
          p50: median(list.map((f) => f.p50)),
          p99: median(list.map((f) => f.p99)),
        },
      ]),
    );
    process.stdout.write("| path | clients | req/s | p50 ms | p99 ms |\n|---|---|---|---|---|\n");
    for (const [key, f] of Object.entries(summary)) {
      const [path, clients] = key.split(" ");
      process.stdout.write(
        `| ${path} | ${clients} | ${f.rps.toFixed(0)} | ${f.p50.toFixed(3)} | ${f.p99.toFixed(3)} |\n`,
      );
    }
    process.stdout.write("\n");
    for (const clients of ["1", "32"]) {
      const dir = summary[`direct ${clients}`]!;
      for (const via of ["api-fetch-same-process", "api-http-same-process", "api-http-child-process"]) {
        const api = summary[`${via} ${clients}`]!;
        process.stdout.write(
          `platform overhead at ${clients} client(s), ${via}: p50 +${(api.p50 - dir.p50).toFixed(3)} ms, throughput ${(api.rps / dir.rps).toFixed(2)}x of direct\n`,
        );
      }
    }
    await platform.executor.flushAudit(); // rows still waiting in the audit journal
    const audited = await platform.db.prisma.mcpToolExecution.count();
    process.stdout.write(`audit rows written during the run: ${audited}\n`);
  } finally {
    generator.stop();
    agents[1].destroy();
    agents[32].destroy();
    await client.close();
    await new Promise<void>((done) => server.close(() => done()));
    await platform.close({ drainTimeoutMs: 1_000 });
    await postgres?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
