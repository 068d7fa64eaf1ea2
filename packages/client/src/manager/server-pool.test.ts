import { afterEach, describe, expect, it } from "vitest";
import { configHash } from "./config-hash.js";
import { ManagerErrorCode } from "./errors.js";
import { ManagedServer } from "./managed-server.js";
import { type PoolKey, ServerPool, type ServerPoolOptions } from "./server-pool.js";
import { FakeClient, FakeTransport } from "./test-support/fakes.js";

const pools: ServerPool<FakeClient>[] = [];

function makePool(options: Partial<ServerPoolOptions<FakeClient, unknown>> = {}, connectDelayMs = 0) {
  const created: PoolKey[] = [];
  const transports: FakeTransport[] = [];
  const pool = new ServerPool<FakeClient>({
    createServer: (key) => {
      created.push(key);
      return new ManagedServer<FakeClient>({
        name: `${key.tenant}/${key.server}`,
        createTransport: () => {
          const transport = new FakeTransport();
          transports.push(transport);
          return transport;
        },
        createClient: () => {
          const client = new FakeClient();
          client.connectDelayMs = connectDelayMs;
          return client;
        },
        healthCheck: false,
        restart: { maxAttempts: 0 },
      });
    },
    idleTimeoutMs: 0,
    ...options,
  });
  pools.push(pool);
  return { pool, created, transports };
}

const key = (tenant: string, server = "calc", config: unknown = { command: "calc" }): PoolKey => ({
  tenant,
  server,
  config,
});

afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.shutdown({ drainTimeoutMs: 0 })));
});

describe("ServerPool keys", () => {
  it("starts one server per key even under a burst", async () => {
    const { pool, created, transports } = makePool({}, 20);
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => pool.use(key("acme"), async (client) => (client ? i : -1))),
    );
    expect(results).toHaveLength(100);
    expect(created).toHaveLength(1);
    expect(transports).toHaveLength(1);
    expect(pool.size).toBe(1);
  });

  it("never shares a server across tenants, and hashes configurations by value", async () => {
    const { pool, created } = makePool();
    const a = await pool.acquire(key("tenant-a", "calc", { command: "calc", args: ["x"] }));
    const b = await pool.acquire(key("tenant-b", "calc", { command: "calc", args: ["x"] }));
    const a2 = await pool.acquire(key("tenant-a", "calc", { args: ["x"], command: "calc" }));
    const a3 = await pool.acquire(key("tenant-a", "calc", { command: "calc", args: ["y"] }));
    expect(a).not.toBe(b);
    expect(a2).toBe(a);
    expect(a3).not.toBe(a);
    expect(created.map((k) => k.tenant)).toEqual(["tenant-a", "tenant-b", "tenant-a"]);
    expect(pool.get(key("tenant-b", "calc", { command: "calc", args: ["x"] }))).toBe(b);
    expect(pool.get(key("nobody"))).toBeUndefined();
    expect(ServerPool.keyId(key("t"))).toBe(
      ServerPool.keyId({ tenant: "t", server: "calc", config: { command: "calc" } }),
    );
  });

  it("takes a precomputed configHash as the configuration's identity", async () => {
    const { pool, created } = makePool();
    const config = { command: "calc", args: ["x"] };
    const hashed = { tenant: "t", server: "calc", config, configHash: configHash(config) };
    const first = await pool.acquire(hashed);
    expect(await pool.acquire(key("t", "calc", { args: ["x"], command: "calc" }))).toBe(first);
    expect(ServerPool.keyId(hashed)).toBe(ServerPool.keyId(key("t", "calc", config)));
    // The hash is the identity: a caller that keeps it with its configuration is trusted.
    expect(await pool.acquire({ ...hashed, configHash: "another" })).not.toBe(first);
    expect(created).toHaveLength(2);
  });

  it("refuses a key without tenant or server", async () => {
    const { pool } = makePool();
    await expect(pool.use(key(""), async () => 1)).rejects.toThrow(TypeError);
    await expect(pool.acquire({ tenant: "t", server: "", config: {} })).rejects.toThrow(TypeError);
  });
});

describe("ServerPool cap", () => {
  it("evicts the least recently used idle server at the cap, stopping it before the next starts", async () => {
    const { pool, transports } = makePool({ maxServers: 2 });
    const evicted: string[] = [];
    pool.events.on("evicted", ({ tenant, reason }) => evicted.push(`${tenant}:${reason}`));
    await pool.use(key("a"), async () => 1);
    await new Promise((r) => setTimeout(r, 2));
    await pool.use(key("b"), async () => 1);
    await new Promise((r) => setTimeout(r, 2));
    await pool.use(key("a"), async () => 1);
    await pool.use(key("c"), async () => 1);
    expect(evicted).toEqual(["b:lru"]);
    expect(transports[1]!.closed).toBe(true);
    expect(pool.size).toBe(2);
    expect(
      pool
        .stats()
        .map((s) => s.tenant)
        .sort(),
    ).toEqual(["a", "c"]);
  });

  it("refuses a new key with a clear error when every server is busy", async () => {
    const { pool } = makePool({ maxServers: 1 });
    const busy = pool.use(key("a"), (client, signal) => client.hang(signal));
    await expect(pool.use(key("b"), async () => 1)).rejects.toMatchObject({
      code: ManagerErrorCode.PoolAtCapacity,
      message: expect.stringContaining("cap of 1 servers"),
    });
    await pool.evict(key("a"));
    await expect(busy).rejects.toMatchObject({ code: ManagerErrorCode.ServerStopped });
    expect(await pool.use(key("b"), async () => "b")).toBe("b");
  });

  it("counts starting servers against the cap", async () => {
    const { pool } = makePool({ maxServers: 2 }, 30);
    const starts = [pool.acquire(key("a")), pool.acquire(key("b"))];
    await expect(pool.acquire(key("c"))).rejects.toMatchObject({ code: ManagerErrorCode.PoolAtCapacity });
    await Promise.all(starts);
  });
});

describe("ServerPool concurrency", () => {
  it("runs at most `concurrency` calls per server, FIFO, and refuses when the queue is full", async () => {
    const { pool } = makePool({ concurrency: 2, maxQueue: 3 });
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const releases: Array<() => void> = [];
    const task = (i: number) => async () => {
      running++;
      peak = Math.max(peak, running);
      order.push(i);
      await new Promise<void>((resolve) => releases.push(resolve));
      running--;
      return i;
    };
    const calls = [0, 1, 2, 3, 4].map((i) => pool.use(key("a"), task(i)));
    await expect(pool.use(key("a"), task(5))).rejects.toMatchObject({ code: ManagerErrorCode.QueueFull });
    const stats = () => pool.stats()[0]!;
    while (releases.length < 2) await new Promise((r) => setTimeout(r, 1));
    expect(stats()).toMatchObject({ active: 2, queued: 3 });
    while (order.length < 5) {
      releases.shift()?.();
      await new Promise((r) => setTimeout(r, 1));
    }
    for (const release of releases) release();
    expect(await Promise.all(calls)).toEqual([0, 1, 2, 3, 4]);
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(peak).toBe(2);
  });

  it("a queued call can be aborted", async () => {
    const { pool } = makePool({ concurrency: 1 });
    const first = pool.use(key("a"), (c, s) => c.hang(s), { timeoutMs: 50 });
    const controller = new AbortController();
    const queued = pool.use(key("a"), async () => 1, { signal: controller.signal });
    controller.abort();
    await expect(queued).rejects.toMatchObject({ code: ManagerErrorCode.CallAborted });
    await expect(first).rejects.toMatchObject({ code: ManagerErrorCode.CallTimeout });
    expect(await pool.use(key("a"), async () => "next")).toBe("next");
  });
});

describe("ServerPool eviction and shutdown", () => {
  it("evicts idle servers on a timer", async () => {
    const { pool, transports } = makePool({ idleTimeoutMs: 30, idleCheckIntervalMs: 10 });
    const evicted = new Promise((resolve) => pool.events.on("evicted", resolve));
    await pool.use(key("a"), async () => 1);
    expect(await evicted).toMatchObject({ tenant: "a", reason: "idle" });
    expect(pool.size).toBe(0);
    expect(transports[0]!.closed).toBe(true);
  });

  it("does not evict a busy server as idle", async () => {
    const { pool } = makePool({ idleTimeoutMs: 1, idleCheckIntervalMs: 100_000 });
    const busy = pool.use(key("a"), (c, s) => c.hang(s), { timeoutMs: 40 });
    await pool.acquire(key("a"));
    expect(await pool.evictIdle(Date.now() + 1000)).toBe(0);
    await expect(busy).rejects.toMatchObject({ code: ManagerErrorCode.CallTimeout });
    expect(await pool.evictIdle(Date.now() + 1000)).toBe(1);
    const { pool: never } = makePool({ idleTimeoutMs: 0 });
    await never.acquire(key("a"));
    expect(await never.evictIdle(Date.now() + 10_000_000)).toBe(0);
  });

  it("drops a server whose start failed, so the next use tries again", async () => {
    let fail = true;
    const pool = new ServerPool<FakeClient>({
      createServer: () =>
        new ManagedServer<FakeClient>({
          createTransport: () => new FakeTransport(),
          createClient: () => {
            const client = new FakeClient();
            if (fail) client.connectError = new Error("cannot start");
            return client;
          },
          healthCheck: false,
        }),
    });
    pools.push(pool);
    await expect(pool.use(key("a"), async () => 1)).rejects.toMatchObject({
      code: ManagerErrorCode.StartFailed,
    });
    expect(pool.size).toBe(0);
    fail = false;
    expect(await pool.use(key("a"), async () => 2)).toBe(2);
  });

  it("drops a server that crashed and gave up", async () => {
    const { pool, transports } = makePool();
    const server = await pool.acquire(key("a"));
    const evicted = new Promise((resolve) => pool.events.on("evicted", resolve));
    transports[0]!.crash();
    expect(await evicted).toMatchObject({ reason: "gave-up" });
    expect(pool.size).toBe(0);
    expect(server.state).toBe("stopped");
  });

  it("drops a server stopped from outside", async () => {
    const { pool } = makePool();
    const server = await pool.acquire(key("a"));
    await server.stop();
    expect(pool.size).toBe(0);
  });

  it("shuts down gracefully: running calls finish, queued ones fail, every server stops", async () => {
    const { pool, transports } = makePool({ concurrency: 1 });
    let release = () => {};
    const running = pool.use(
      key("a"),
      () =>
        new Promise<string>((resolve) => {
          release = () => resolve("finished");
        }),
    );
    const queued = pool.use(key("a"), async () => "never");
    await pool.acquire(key("b"));
    while (pool.stats().find((s) => s.tenant === "a")?.active !== 1)
      await new Promise((r) => setTimeout(r, 1));
    const shutdown = pool.shutdown();
    await expect(queued).rejects.toMatchObject({ code: ManagerErrorCode.PoolClosed });
    release();
    expect(await running).toBe("finished");
    await shutdown;
    expect(pool.closed).toBe(true);
    expect(pool.size).toBe(0);
    expect(transports.every((t) => t.closed)).toBe(true);
    await expect(pool.use(key("a"), async () => 1)).rejects.toMatchObject({
      code: ManagerErrorCode.PoolClosed,
    });
    await expect(pool.acquire(key("a"))).rejects.toMatchObject({ code: ManagerErrorCode.PoolClosed });
  });

  it("stops calls that outlive the drain timeout", async () => {
    const { pool } = makePool();
    const stuck = pool.use(key("a"), (c, s) => c.hang(s));
    await pool.acquire(key("a"));
    await pool.shutdown({ drainTimeoutMs: 10 });
    await expect(stuck).rejects.toMatchObject({ code: ManagerErrorCode.ServerStopped });
  });

  it("validates maxServers", () => {
    expect(() => new ServerPool({ createServer: () => undefined as never, maxServers: 0 })).toThrow(
      RangeError,
    );
  });
});
