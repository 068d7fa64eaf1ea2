// A host that exits without closing its transports, and a server that is alive but deaf.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { type Client, createStdioManagedServer, type ManagedServer } from "./client-entry.js";
import { CHAOS_SERVER, isLiving, newRunMarker, settleWithin, waitForNoProcesses } from "./support.js";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, "../../../..");
const tsx = createRequire(resolve(repoRoot, "package.json")).resolve("tsx/cli");
const servers: ManagedServer<Client>[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

describe("never leak", () => {
  it("kills the server and its grandchild when the host process exits without closing", {
    timeout: 60_000,
  }, async () => {
    const marker = newRunMarker();
    const output = execFileSync(
      process.execPath,
      [tsx, "--conditions=@mcp/source", resolve(here, "fixtures/host-exits.ts"), CHAOS_SERVER, marker],
      { cwd: repoRoot, encoding: "utf8", timeout: 50_000 },
    );
    const { server, grandchild } = JSON.parse(output.trim().split("\n").at(-1)!) as {
      server: number;
      grandchild: number;
    };
    expect(server).toBeGreaterThan(0);
    expect(grandchild).toBeGreaterThan(0);
    expect(await waitForNoProcesses(marker, 5000)).toEqual([]);
    expect(isLiving(server)).toBe(false);
    expect(isLiving(grandchild)).toBe(false);
  });

  it("restarts a server that stops answering pings", { timeout: 60_000 }, async () => {
    const marker = newRunMarker();
    const server = createStdioManagedServer({
      name: "deaf",
      server: {
        command: process.execPath,
        args: [CHAOS_SERVER, marker],
        closeTimeouts: { stdinEndMs: 200, sigtermMs: 500 },
      },
      healthCheck: { intervalMs: 100, timeoutMs: 300, failureThreshold: 2 },
      restart: { initialDelayMs: 5, jitter: 0 },
    });
    servers.push(server);
    const states: string[] = [];
    server.events.on("state", ({ to }) => states.push(to));
    const crashed = new Promise<{ error: Error }>((resolve) => server.events.once("crash", resolve));
    await server.start();
    const frozenPid = server.stats().pid!;
    const frozen = server.call((client) => client.callTool({ name: "freeze", arguments: {} }));
    const { error } = await crashed;
    expect(error.message).toContain("failed 2 health checks in a row");
    expect((await settleWithin(frozen, 10_000)).status).toBe("rejected");
    const echo = await server.call((client) =>
      client.callTool({ name: "echo", arguments: { text: "awake" } }),
    );
    expect((echo.content[0] as { text: string }).text).toBe("awake");
    expect(states.slice(0, 5)).toEqual(["starting", "ready", "degraded", "crashed", "starting"]);
    expect(server.stats().pid).not.toBe(frozenPid);
    await server.stop();
    expect(await waitForNoProcesses(marker)).toEqual([]);
  });
});
