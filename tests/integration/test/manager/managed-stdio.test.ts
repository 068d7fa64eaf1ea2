// ManagedServer with the real Client over real stdio processes of the chaos fixture server.
import { afterEach, describe, expect, it } from "vitest";
import {
  type Client,
  createStdioManagedServer,
  isManagerError,
  type ManagedServer,
  ManagerErrorCode,
  StdioClientTransport,
} from "./client-entry.js";
import { CHAOS_SERVER, isLiving, newRunMarker, settleWithin, waitForNoProcesses } from "./support.js";

const marker = newRunMarker();
const servers: ManagedServer<Client>[] = [];

function chaos(options: Partial<Parameters<typeof createStdioManagedServer>[0]> = {}): ManagedServer<Client> {
  const server = createStdioManagedServer({
    name: "chaos",
    server: { command: process.execPath, args: [CHAOS_SERVER, marker], closeTimeouts: { sigtermMs: 300 } },
    restart: { initialDelayMs: 5, jitter: 0 },
    healthCheck: false,
    ...options,
  });
  servers.push(server);
  return server;
}

const textOf = (result: { content: unknown[] }) => (result.content[0] as { text: string }).text;

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
  expect(await waitForNoProcesses(marker)).toEqual([]);
});

describe("ManagedServer over stdio (real processes)", () => {
  it("starts, lists and calls tools, reports stats, stops without leftovers", async () => {
    const server = chaos();
    await server.start();
    const tools = await server.call((client) => client.listAllTools());
    expect(tools.map((t) => t.name)).toContain("echo");
    const results = await Promise.all(
      Array.from({ length: 32 }, (_, i) =>
        server.call((client, signal) =>
          client.callTool({ name: "echo", arguments: { text: `hi ${i}` } }, { signal }),
        ),
      ),
    );
    expect(results.map(textOf)).toEqual(Array.from({ length: 32 }, (_, i) => `hi ${i}`));
    const stats = server.stats();
    expect(stats).toMatchObject({ state: "ready", calls: 33, errors: 0, crashes: 0 });
    expect(stats.pid).toBeGreaterThan(0);
    expect(stats.latency.count).toBe(33);
    expect(await server.checkHealth()).toBe(true);
  });

  it("survives garbage on stdout: the call still answers and the error is reported", async () => {
    const errors: Error[] = [];
    const server = chaos();
    await server.start();
    server.client!.onerror = (error) => errors.push(error);
    const result = await server.call((client) => client.callTool({ name: "garbage", arguments: {} }));
    expect(textOf(result)).toBe("after garbage");
    expect(errors.map((e) => e.message).join("\n")).toContain("this line is not JSON");
    expect(server.state).toBe("ready");
  });

  it("fails every in-flight call at once when the server crashes, then restarts it", async () => {
    const server = chaos();
    await server.start();
    const firstPid = server.stats().pid;
    const sleeping = Array.from({ length: 5 }, () =>
      server.call((client, signal) =>
        client.callTool({ name: "sleep", arguments: { ms: 30_000 } }, { signal }),
      ),
    );
    const crash = server.call((client) => client.callTool({ name: "crash", arguments: { code: 7 } }));
    const outcomes = await Promise.all([...sleeping, crash].map((p) => settleWithin(p, 10_000)));
    for (const outcome of outcomes) {
      expect(outcome.status).toBe("rejected");
      const reason = (outcome as { reason: Error }).reason;
      expect(isManagerError(reason) && reason.code).toBe(ManagerErrorCode.ServerCrashed);
      expect(reason.message).toContain("exited with code 7");
      expect(reason.message).toContain("crashing with code 7 on purpose");
    }
    const again = await server.call((client) =>
      client.callTool({ name: "echo", arguments: { text: "back" } }),
    );
    expect(textOf(again)).toBe("back");
    expect(server.stats().pid).not.toBe(firstPid);
    expect(server.stats()).toMatchObject({ crashes: 1, restarts: 1, errors: 6 });
  });

  it("detects kill -9 from outside in the middle of calls", async () => {
    const server = chaos();
    await server.start();
    const pid = server.stats().pid!;
    const hanging = [1, 2, 3].map(() =>
      server.call((client) => client.callTool({ name: "hang", arguments: {} })),
    );
    await new Promise((r) => setTimeout(r, 50));
    process.kill(pid, "SIGKILL");
    const outcomes = await Promise.all(hanging.map((p) => settleWithin(p, 10_000)));
    expect(outcomes.map((o) => o.status)).toEqual(["rejected", "rejected", "rejected"]);
    expect((outcomes[0] as { reason: Error }).reason.message).toContain("killed by SIGKILL");
    expect(textOf(await server.call((c) => c.callTool({ name: "echo", arguments: { text: "ok" } })))).toBe(
      "ok",
    );
  });

  it("kills grandchildren on stop, on a crash, and when the group is killed", async () => {
    const server = chaos();
    await server.start();
    const spawnGrandchild = async () =>
      Number(textOf(await server.call((c) => c.callTool({ name: "spawn_grandchild", arguments: {} }))));
    const first = await spawnGrandchild();
    expect(isLiving(first)).toBe(true);
    // The server kills its own group (itself and the grandchild) in the middle of a call.
    const call = server.call((c) => c.callTool({ name: "kill_group", arguments: {} }));
    expect((await settleWithin(call, 10_000)).status).toBe("rejected");
    const second = await spawnGrandchild();
    // The server crashes, leaving its grandchild (which ignores SIGTERM) behind.
    await settleWithin(
      server.call((c) => c.callTool({ name: "crash", arguments: {} })),
      10_000,
    );
    const third = await spawnGrandchild();
    await server.stop();
    expect(await waitForNoProcesses(marker)).toEqual([]);
    expect([first, second, third].filter(isLiving)).toEqual([]);
  });

  it("reports a server that cannot start, with its stderr", async () => {
    const server = createStdioManagedServer({
      name: "broken",
      server: {
        command: process.execPath,
        args: ["-e", "console.error('missing API_KEY'); process.exit(2)"],
      },
      healthCheck: false,
    });
    servers.push(server);
    const error = (await server.start().catch((e: unknown) => e)) as Error;
    expect(isManagerError(error) && error.code).toBe(ManagerErrorCode.StartFailed);
    expect(error.message).toContain("missing API_KEY");
    const missing = new StdioClientTransport({ command: "no-such-mcp-server-binary" });
    await expect(missing.start()).rejects.toThrow(/Cannot start MCP server/);
  });
});
