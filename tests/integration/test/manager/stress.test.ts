// The promise of issue #4: after many start/call/kill/restart cycles, including kill -9 of servers
// in the middle of calls and of whole process groups with grandchildren, no child process remains
// and no request hangs. Bounded so it runs in well under a minute on 2 shared cores.
import { afterAll, describe, expect, it } from "vitest";
import {
  type Client,
  type ManagedServer,
  ServerPool,
  type StdioServerParameters,
  stdioServerFactory,
} from "./client-entry.js";
import {
  CHAOS_SERVER,
  livingProcessesWithMarker,
  newRunMarker,
  settleWithin,
  waitForNoProcesses,
} from "./support.js";

const CYCLES = Number(process.env["MCP_MANAGER_STRESS_CYCLES"] ?? 1000);
// How long any one request may take before it counts as hung: far above the slowest honest case
// (a call waiting for a restart on a loaded machine), far below "forever".
const HANG_MS = 20_000;

const marker = newRunMarker();
const totals = { servers: 0, crashes: 0, restarts: 0 };
const makeServer = stdioServerFactory({
  restart: { maxAttempts: 20, initialDelayMs: 1, maxDelayMs: 50, jitter: 0.5, resetAfterMs: 0 },
  healthCheck: false,
  startTimeoutMs: 15_000,
});
const pool = new ServerPool<Client, StdioServerParameters>({
  createServer: (key) => {
    const server = makeServer(key);
    totals.servers++;
    server.events.on("crash", () => totals.crashes++);
    server.events.on("state", ({ from, to }) => {
      if (to === "starting" && from !== "stopped") totals.restarts++;
    });
    return server;
  },
  maxServers: 4,
  concurrency: 8,
  maxQueue: 1000,
  idleTimeoutMs: 0,
});
const config: StdioServerParameters = {
  command: process.execPath,
  args: [CHAOS_SERVER, marker],
  closeTimeouts: { stdinEndMs: 1000, sigtermMs: 200, sigkillMs: 1000 },
};
const keys = [
  { tenant: "tenant-a", server: "chaos", config },
  { tenant: "tenant-b", server: "chaos", config },
  { tenant: "tenant-a", server: "chaos-2", config },
  { tenant: "tenant-c", server: "chaos", config },
];

type Outcome = Awaited<ReturnType<typeof settleWithin>>;

afterAll(async () => {
  await pool.shutdown({ drainTimeoutMs: 0 });
});

function call(
  key: (typeof keys)[number],
  name: string,
  args: Record<string, unknown> = {},
): Promise<unknown> {
  return pool.use(key, (client, signal) => client.callTool({ name, arguments: args }, { signal }));
}

async function pidOf(key: (typeof keys)[number]): Promise<number> {
  const server: ManagedServer<Client> = await pool.acquire(key);
  // A server may be between a crash and its restart: wait until it has a process again.
  for (let i = 0; i < 400 && server.stats().pid === undefined; i++)
    await new Promise((r) => setTimeout(r, 5));
  return server.stats().pid!;
}

// One cycle on one key. Most cycles are plain calls; one in twenty is destructive, in turn: kill -9
// of the server mid-call, kill -9 of its process group (grandchild included) mid-call, a crash
// from inside, a requested restart with calls in flight, eviction (stop) of the server.
async function cycle(i: number, key: (typeof keys)[number]): Promise<Outcome[]> {
  const pending: Promise<unknown>[] = [];
  switch (i % 100) {
    case 0: {
      pending.push(call(key, "hang"), call(key, "sleep", { ms: 5 }), call(key, "echo", { text: "x" }));
      const pid = await pidOf(key);
      await new Promise((r) => setTimeout(r, 2));
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // Already gone: another cycle's kill got there first.
      }
      break;
    }
    case 20: {
      await settleWithin(call(key, "spawn_grandchild"), HANG_MS);
      pending.push(call(key, "hang"), call(key, "sleep", { ms: 20 }));
      const pid = await pidOf(key);
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        // Already gone.
      }
      break;
    }
    case 40:
      pending.push(
        call(key, "sleep", { ms: 10 }),
        call(key, "crash", { code: 3 }),
        call(key, "echo", { text: "y" }),
      );
      break;
    case 60: {
      pending.push(call(key, "sleep", { ms: 50 }), call(key, "spawn_grandchild"));
      const server = await pool.acquire(key);
      pending.push(server.restart());
      break;
    }
    case 80:
      pending.push(call(key, "echo", { text: "before eviction" }));
      pending.push(pool.evict(key));
      pending.push(call(key, "echo", { text: "after eviction" }));
      break;
    default:
      pending.push(call(key, "echo", { text: `cycle ${i}` }), call(key, "sleep", { ms: 1 }));
      if (i % 7 === 0) pending.push(call(key, "garbage"));
  }
  return Promise.all(pending.map((p) => settleWithin(p, HANG_MS)));
}

describe("process manager under churn", () => {
  it(`runs ${CYCLES} start/call/kill/restart cycles; nothing hangs, nothing leaks`, {
    timeout: 120_000,
  }, async () => {
    const perKey = Math.ceil(CYCLES / keys.length);
    const started = Date.now();
    const results = await Promise.all(
      keys.map(async (key, k) => {
        const outcomes: Outcome[] = [];
        for (let n = 0; n < perKey; n++) outcomes.push(...(await cycle(n * keys.length + k, key)));
        return outcomes;
      }),
    );
    const outcomes = results.flat();
    const hung = outcomes.filter((o) => o.status === "hung").length;
    const fulfilled = outcomes.filter((o) => o.status === "fulfilled").length;
    const rejected = outcomes.filter((o) => o.status === "rejected");
    const reasons = new Map<string, number>();
    for (const o of rejected) {
      const code = String((o as { reason: { code?: unknown } }).reason?.code ?? "other");
      reasons.set(code, (reasons.get(code) ?? 0) + 1);
    }
    console.info(
      `${CYCLES} cycles in ${Date.now() - started} ms: ${outcomes.length} requests, ${fulfilled} fulfilled, ` +
        `${rejected.length} rejected ${JSON.stringify(Object.fromEntries(reasons))}, ${hung} hung; ` +
        `${totals.servers} managed servers, ${totals.crashes} crashes detected, ${totals.restarts} restarts`,
    );
    expect(hung).toBe(0);
    // Every rejection is a clear, expected one: a crash, a stop/restart/eviction, or a tool error.
    for (const code of reasons.keys()) expect(["SERVER_CRASHED", "SERVER_STOPPED", "-32602"]).toContain(code);
    expect(fulfilled).toBeGreaterThan(outcomes.length / 2);
    // The destructive cycles really happened: per 100 cycles, a kill -9, a group kill and a crash.
    expect(totals.crashes).toBeGreaterThanOrEqual(Math.floor(CYCLES / 100) * 2);

    await pool.shutdown({ drainTimeoutMs: 1000 });
    expect(pool.size).toBe(0);
    expect(await waitForNoProcesses(marker, 5000)).toEqual([]);
    expect(livingProcessesWithMarker(marker)).toEqual([]);
  });
});
