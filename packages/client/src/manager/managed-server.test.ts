import { LocalError, LocalErrorCode } from "@mcp/protocol";
import { afterEach, describe, expect, it, vi } from "vitest";
import { StdioErrorCode, StdioProcessError } from "../stdio/errors.js";
import { isManagerError, ManagerErrorCode } from "./errors.js";
import { ManagedServer, type ManagedServerOptions, type ServerState } from "./managed-server.js";
import { FakeClient, FakeTransport } from "./test-support/fakes.js";

interface Harness {
  server: ManagedServer<FakeClient>;
  transports: FakeTransport[];
  clients: FakeClient[];
  states: ServerState[];
  /** Applied to every new client before it connects. */
  configure: (setup: (client: FakeClient, index: number) => void) => void;
}

const servers: ManagedServer<FakeClient>[] = [];

function harness(options: Partial<ManagedServerOptions<FakeClient>> = {}): Harness {
  const transports: FakeTransport[] = [];
  const clients: FakeClient[] = [];
  const states: ServerState[] = [];
  let setup: (client: FakeClient, index: number) => void = () => {};
  const server = new ManagedServer<FakeClient>({
    name: "fake",
    createTransport: () => {
      const transport = new FakeTransport();
      transports.push(transport);
      return transport;
    },
    createClient: () => {
      const client = new FakeClient();
      setup(client, clients.length);
      clients.push(client);
      return client;
    },
    restart: { initialDelayMs: 1, maxDelayMs: 10, jitter: 0 },
    healthCheck: false,
    ...options,
  });
  server.events.on("state", ({ to }) => states.push(to));
  servers.push(server);
  return { server, transports, clients, states, configure: (fn) => (setup = fn) };
}

function waitFor(server: ManagedServer<FakeClient>, state: ServerState): Promise<void> {
  if (server.state === state) return Promise.resolve();
  return new Promise((resolve) => {
    const off = server.events.on("state", ({ to }) => {
      if (to === state) {
        off();
        resolve();
      }
    });
  });
}

afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

describe("ManagedServer lifecycle", () => {
  it("starts, serves calls, and stops", async () => {
    const { server, transports, clients, states } = harness();
    expect(server.state).toBe("stopped");
    await Promise.all([server.start(), server.start()]);
    expect(transports).toHaveLength(1);
    expect(server.state).toBe("ready");
    expect(server.client).toBe(clients[0]);
    expect(server.transport).toBe(transports[0]);
    await server.start();
    const value = await server.call(async (client) => {
      expect(client).toBe(clients[0]);
      return 42;
    });
    expect(value).toBe(42);
    const stats = server.stats();
    expect(stats).toMatchObject({
      name: "fake",
      state: "ready",
      calls: 1,
      errors: 0,
      inFlight: 0,
      pid: transports[0]!.pid,
    });
    expect(stats.latency.count).toBe(1);
    await server.stop();
    expect(server.state).toBe("stopped");
    expect(transports[0]!.closed).toBe(true);
    expect(clients[0]!.closeCalls).toBe(1);
    expect(states).toEqual(["starting", "ready", "stopped"]);
    expect(server.client).toBeUndefined();
  });

  it("rejects calls while stopped", async () => {
    const { server } = harness();
    await expect(server.call(async () => 1)).rejects.toMatchObject({ code: ManagerErrorCode.ServerStopped });
  });

  it("reports a failed start with the stderr tail, and stays stopped", async () => {
    const { server, transports, configure } = harness();
    configure((client) => {
      client.connectError = new Error("initialize refused");
    });
    const waiting = server.start();
    const call = server.call(async () => 1);
    transports[0]!.stderrTail = "fatal: missing config\n";
    const error = await waiting.catch((e: unknown) => e);
    expect(isManagerError(error) && error.code).toBe(ManagerErrorCode.StartFailed);
    expect((error as Error).message).toContain("initialize refused");
    expect((error as Error).message).toContain("fatal: missing config");
    await expect(call).rejects.toMatchObject({ code: ManagerErrorCode.StartFailed });
    expect(server.state).toBe("stopped");
    expect(transports[0]!.closed).toBe(true);
  });

  it("fails a start that takes too long", async () => {
    const { server, transports, configure } = harness({ startTimeoutMs: 30 });
    configure((client) => {
      client.connectDelayMs = 1000;
    });
    await expect(server.start()).rejects.toMatchObject({ code: ManagerErrorCode.StartTimeout });
    expect(transports[0]!.closed).toBe(true);
  });

  it("fails a start whose process dies during initialization", async () => {
    const { server, transports, configure } = harness();
    configure((client) => {
      client.connectDelayMs = 1000;
    });
    const starting = server.start();
    await new Promise((r) => setTimeout(r, 5));
    transports[0]!.crash("exited with code 127");
    await expect(starting).rejects.toThrow(/exited with code 127/);
  });

  it("stops while starting", async () => {
    const { server, transports, configure } = harness();
    configure((client) => {
      client.connectDelayMs = 50;
    });
    const starting = server.start();
    await server.stop();
    await expect(starting).rejects.toMatchObject({ code: ManagerErrorCode.ServerStopped });
    expect(server.state).toBe("stopped");
    expect(transports[0]!.closed).toBe(true);
  });
});

describe("ManagedServer crashes", () => {
  it("fails every in-flight call at once with a clear error, then restarts", async () => {
    const { server, transports } = harness();
    await server.start();
    const calls = Array.from({ length: 5 }, () => server.call((client, signal) => client.hang(signal)));
    const signals: AbortSignal[] = [];
    const extra = server.call((_client, signal) => {
      signals.push(signal);
      return new Promise(() => {});
    });
    const crashes: number[] = [];
    server.events.on("crash", ({ inFlight }) => crashes.push(inFlight));
    transports[0]!.crash("MCP server was killed by SIGKILL");
    const results = await Promise.allSettled([...calls, extra]);
    for (const result of results) {
      expect(result.status).toBe("rejected");
      const reason = (result as PromiseRejectedResult).reason;
      expect(reason.code).toBe(ManagerErrorCode.ServerCrashed);
      expect(reason.message).toContain("killed by SIGKILL");
    }
    expect(signals[0]!.aborted).toBe(true);
    expect(crashes).toEqual([6]);
    await waitFor(server, "ready");
    expect(transports).toHaveLength(2);
    expect(await server.call(async () => "after")).toBe("after");
    expect(server.stats()).toMatchObject({ calls: 7, errors: 6, crashes: 1, restarts: 1, inFlight: 0 });
  });

  it("calls made during a restart wait for it", async () => {
    const { server, transports } = harness({ restart: { initialDelayMs: 30, jitter: 0 } });
    await server.start();
    transports[0]!.crash();
    expect(server.state).toBe("crashed");
    const value = await server.call(async () => "waited");
    expect(value).toBe("waited");
  });

  it("gives up after the maximum attempts with exponential backoff", async () => {
    const { server, transports, configure } = harness({
      restart: { maxAttempts: 3, initialDelayMs: 2, factor: 2, jitter: 0 },
    });
    configure((client, index) => {
      if (index > 0) client.connectError = new Error("boom on restart");
    });
    const delays: number[] = [];
    server.events.on("restarting", ({ delayMs }) => delays.push(delayMs));
    const gaveUp = new Promise<{ attempts: number; error: Error }>((resolve) =>
      server.events.on("gave-up", resolve),
    );
    await server.start();
    transports[0]!.crash();
    const waiting = server.call(async () => 1, { waitForReadyMs: 5000 });
    const event = await gaveUp;
    expect(event.attempts).toBe(3);
    expect(delays).toEqual([2, 4, 8]);
    expect(event.error.message).toContain("gave up after 3 restart attempts");
    await expect(waiting).rejects.toMatchObject({ code: ManagerErrorCode.ServerUnavailable });
    expect(server.gaveUp).toBe(true);
    expect(server.state).toBe("crashed");
    await expect(server.call(async () => 1)).rejects.toMatchObject({
      code: ManagerErrorCode.ServerUnavailable,
    });
    expect(transports).toHaveLength(4);
    // start() tries again from scratch.
    configure(() => {});
    await server.start();
    expect(server.state).toBe("ready");
    expect(server.gaveUp).toBe(false);
  });

  it("does not restart when disabled", async () => {
    const { server, transports } = harness({ restart: { enabled: false } });
    await server.start();
    const gaveUp = new Promise<{ error: Error }>((resolve) => server.events.on("gave-up", resolve));
    transports[0]!.crash();
    expect((await gaveUp).error.message).toContain("automatic restart is disabled");
    expect(transports).toHaveLength(1);
  });

  it("resets the attempts after a long enough uptime", async () => {
    const { server, transports } = harness({
      restart: { maxAttempts: 1, resetAfterMs: 0, initialDelayMs: 1 },
    });
    await server.start();
    for (let i = 0; i < 3; i++) {
      transports.at(-1)!.crash();
      await waitFor(server, "ready");
    }
    expect(transports).toHaveLength(4);
    expect(server.stats().restarts).toBe(3);
  });

  it("ignores the close of a connection it closed itself", async () => {
    const { server, states } = harness();
    await server.start();
    await server.restart();
    expect(server.state).toBe("ready");
    expect(states).toEqual(["starting", "ready", "starting", "ready"]);
    expect(server.stats()).toMatchObject({ crashes: 0, restarts: 1 });
  });

  it("restart() fails in-flight calls with SERVER_STOPPED", async () => {
    const { server } = harness();
    await server.start();
    const call = server.call((client, signal) => client.hang(signal));
    await server.restart();
    await expect(call).rejects.toMatchObject({ code: ManagerErrorCode.ServerStopped });
  });

  it("a failed requested restart leaves the server stopped", async () => {
    const { server, configure } = harness();
    await server.start();
    configure((client) => {
      client.connectError = new Error("nope");
    });
    await expect(server.restart()).rejects.toMatchObject({ code: ManagerErrorCode.StartFailed });
    expect(server.state).toBe("stopped");
  });

  it("stop() during a pending restart cancels it", async () => {
    const { server, transports } = harness({ restart: { initialDelayMs: 50, jitter: 0 } });
    await server.start();
    transports[0]!.crash();
    await server.stop();
    await new Promise((r) => setTimeout(r, 80));
    expect(transports).toHaveLength(1);
    expect(server.state).toBe("stopped");
  });
});

describe("ManagedServer calls", () => {
  it("a call broken by a dying connection fails with the crash error", async () => {
    const { server, transports } = harness();
    await server.start();
    const call = server.call(async () => {
      throw new LocalError(LocalErrorCode.ConnectionClosed, "write EPIPE");
    });
    await new Promise((r) => setTimeout(r, 5));
    transports[0]!.crash("MCP server exited with code 9");
    await expect(call).rejects.toMatchObject({
      code: ManagerErrorCode.ServerCrashed,
      message: expect.stringContaining("exited with code 9"),
    });
  });

  it("a connection failure without a crash keeps its own error after a grace period", async () => {
    const { server } = harness();
    await server.start();
    const broken = new StdioProcessError(StdioErrorCode.WriteFailed, "write EPIPE");
    await expect(server.call(() => Promise.reject(broken))).rejects.toBe(broken);
  });

  it("counts errors, timeouts and aborts", async () => {
    const { server } = harness();
    await server.start();
    await expect(
      server.call(async () => {
        throw new Error("tool failed");
      }),
    ).rejects.toThrow("tool failed");
    await expect(
      server.call(() => {
        throw new Error("sync throw");
      }),
    ).rejects.toThrow("sync throw");
    await expect(server.call((c, s) => c.hang(s), { timeoutMs: 10 })).rejects.toMatchObject({
      code: ManagerErrorCode.CallTimeout,
    });
    await expect(
      server.call(async () => {
        throw new LocalError(LocalErrorCode.RequestTimeout, "timed out in the client");
      }),
    ).rejects.toThrow("timed out in the client");
    const controller = new AbortController();
    const aborted = server.call((c, s) => c.hang(s), { signal: controller.signal });
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ code: ManagerErrorCode.CallAborted });
    await expect(server.call(async () => 1, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      code: ManagerErrorCode.CallAborted,
    });
    expect(server.stats()).toMatchObject({ calls: 6, errors: 6, timeouts: 2, inFlight: 0 });
  });

  it("reports p50 and p95 latency of successful calls", async () => {
    const { server } = harness({ latencyWindow: 100 });
    await server.start();
    for (let i = 0; i < 20; i++) await server.call(async () => i);
    const { latency } = server.stats();
    expect(latency.count).toBe(20);
    expect(latency.p50Ms).toBeGreaterThanOrEqual(0);
    expect(latency.p95Ms).toBeGreaterThanOrEqual(latency.p50Ms);
    expect(latency.maxMs).toBeGreaterThanOrEqual(latency.p95Ms);
  });

  it("a waiting call times out or is aborted when the server does not come up", async () => {
    const { server, transports } = harness({ restart: { initialDelayMs: 10_000, jitter: 0 } });
    await server.start();
    transports[0]!.crash();
    await expect(server.call(async () => 1, { waitForReadyMs: 20 })).rejects.toMatchObject({
      code: ManagerErrorCode.StartTimeout,
    });
    const controller = new AbortController();
    const waiting = server.call(async () => 1, { signal: controller.signal });
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: ManagerErrorCode.CallAborted });
    await expect(server.call(async () => 1, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      code: ManagerErrorCode.CallAborted,
    });
  });
});

describe("ManagedServer health checks", () => {
  it("marks degraded on a failed ping, recovers, and restarts after the threshold", async () => {
    const { server, clients, transports, states } = harness({
      healthCheck: { intervalMs: 0, timeoutMs: 20, failureThreshold: 2 },
    });
    await server.start();
    expect(await server.checkHealth()).toBe(true);
    clients[0]!.pingBehaviour = "fail";
    expect(await server.checkHealth()).toBe(false);
    expect(server.state).toBe("degraded");
    expect(await server.call(async () => "still serving")).toBe("still serving");
    clients[0]!.pingBehaviour = "ok";
    expect(await server.checkHealth()).toBe(true);
    expect(server.state).toBe("ready");
    clients[0]!.pingBehaviour = "hang";
    const call = server.call((c, s) => c.hang(s));
    expect(await server.checkHealth()).toBe(false);
    expect(await server.checkHealth()).toBe(false);
    await expect(call).rejects.toThrow(/failed 2 health checks in a row: health check timed out/);
    await waitFor(server, "ready");
    expect(transports[0]!.closed).toBe(true);
    expect(transports).toHaveLength(2);
    expect(states).toEqual([
      "starting",
      "ready",
      "degraded",
      "ready",
      "degraded",
      "crashed",
      "starting",
      "ready",
    ]);
    expect(server.stats().crashes).toBe(1);
  });

  it("runs checks on a timer with the custom check", async () => {
    let checks = 0;
    const { server } = harness({
      healthCheck: {
        intervalMs: 5,
        check: async () => {
          checks++;
        },
      },
    });
    await server.start();
    await new Promise((r) => setTimeout(r, 40));
    expect(checks).toBeGreaterThan(1);
    await server.stop();
    const after = checks;
    await new Promise((r) => setTimeout(r, 20));
    expect(checks).toBe(after);
  });

  it("passes a check when the client has no ping, and skips checks when not ready", async () => {
    const server = new ManagedServer({
      createTransport: () => new FakeTransport(),
      createClient: () => ({
        connect: async (t: FakeTransport) => t.start(),
        close: async () => {},
      }),
      healthCheck: { intervalMs: 0 },
    });
    expect(await server.checkHealth()).toBe(false);
    await server.start();
    expect(server.name).toBe("server");
    expect(await server.checkHealth()).toBe(true);
    await server.stop();
  });

  it("isolates listeners that throw", async () => {
    const { server } = harness();
    const errors: unknown[] = [];
    server.events.onListenerError = (error) => errors.push(error);
    server.events.on("state", () => {
      throw new Error("bad listener");
    });
    await server.start();
    expect(server.state).toBe("ready");
    expect(errors.length).toBeGreaterThan(0);
  });
});
