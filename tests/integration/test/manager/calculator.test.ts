// The process manager driving a server we did not write for these tests: @mcp/server-calculator,
// run from its sources through tsx (a wrapper process plus its node child, so a real process
// group with a grandchild).
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import {
  type Client,
  createStdioManagedServer,
  livingGroupMembers,
  ManagerErrorCode,
} from "./client-entry.js";
import { settleWithin } from "./support.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");
const calculatorDir = resolve(repoRoot, "packages/server-calculator");
const tsx = createRequire(resolve(repoRoot, "package.json")).resolve("tsx/cli");

const groups = new Set<number>();
const server = createStdioManagedServer({
  name: "calculator",
  server: {
    command: process.execPath,
    args: [tsx, "--conditions=@mcp/source", "src/cli.ts"],
    cwd: calculatorDir,
    closeTimeouts: { stdinEndMs: 3000, sigtermMs: 1000 },
  },
  startTimeoutMs: 60_000,
  restart: { initialDelayMs: 10, jitter: 0 },
  healthCheck: false,
});
server.events.on("state", ({ to }) => {
  const pid = server.stats().pid;
  if (to === "ready" && pid !== undefined) groups.add(pid);
});

afterAll(async () => {
  await server.stop();
});

const add = (client: Client, a: number, b: number, signal?: AbortSignal) =>
  client.callTool({ name: "add", arguments: { a, b } }, { signal });

describe("ManagedServer with @mcp/server-calculator", () => {
  it("lists tools, calls add under load, survives kill -9 of the wrapper process, and leaves no process behind", {
    timeout: 120_000,
  }, async () => {
    await server.start();
    const tools = await server.call((client) => client.listAllTools());
    expect(tools.map((t) => t.name)).toEqual(
      expect.arrayContaining(["add", "subtract", "multiply", "divide"]),
    );
    const sums = await Promise.all(
      Array.from({ length: 20 }, (_, i) => server.call((client, signal) => add(client, i, 1, signal))),
    );
    expect(sums.map((r) => r.structuredContent)).toEqual(
      Array.from({ length: 20 }, (_, i) => ({ result: i + 1 })),
    );

    // kill -9 of the tsx wrapper: its node child (our grandchild) would be orphaned; the
    // transport kills the rest of the group, the manager fails in-flight calls and restarts.
    const firstGroup = server.stats().pid!;
    expect(livingGroupMembers(firstGroup).length).toBeGreaterThanOrEqual(2);
    const inFlight = Array.from({ length: 5 }, () =>
      server.call((client, signal) => add(client, 2, 2, signal)),
    );
    const crashed = new Promise((resolve) => server.events.once("crash", resolve));
    process.kill(firstGroup, "SIGKILL");
    // The node child still holds the pipes and may answer a few calls until the exit is seen.
    await crashed;
    for (const outcome of await Promise.all(inFlight.map((p) => settleWithin(p, 15_000)))) {
      expect(outcome.status).not.toBe("hung");
      if (outcome.status === "rejected") {
        expect((outcome.reason as { code?: string }).code).toBe(ManagerErrorCode.ServerCrashed);
      }
    }
    const after = await server.call((client) => add(client, 40, 2));
    expect(after.structuredContent).toEqual({ result: 42 });
    expect(server.stats().pid).not.toBe(firstGroup);
    expect(livingGroupMembers(firstGroup)).toEqual([]);

    await server.stop();
    for (const group of groups) expect(livingGroupMembers(group)).toEqual([]);
    expect(groups.size).toBe(2);
  });
});
