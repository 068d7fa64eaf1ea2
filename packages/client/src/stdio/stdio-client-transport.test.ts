import { readFileSync } from "node:fs";
import type { JSONRPCMessage } from "@mcp/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { isStdioProcessError, StdioErrorCode } from "./errors.js";
import { livingGroupMembers, trackedProcessGroups } from "./process-group.js";
import { StdioClientTransport, type StdioServerParameters } from "./stdio-client-transport.js";

// A tiny echo server: answers every request with its params, and a few magic methods.
const ECHO_SERVER = `
const rl = require("node:readline").createInterface({ input: process.stdin });
process.stderr.write("echo server up\\n");
rl.on("close", () => process.exit(0));
rl.on("line", (line) => {
  const msg = JSON.parse(line);
  if (msg.method === "crash") { process.stderr.write("about to crash\\n"); process.exit(3); }
  if (msg.method === "garbage") { process.stdout.write("this is not json\\n{\\"jsonrpc\\":\\"1.0\\"}\\n"); }
  if (msg.method === "env") { process.stdout.write(JSON.stringify({ jsonrpc: "2.0", id: msg.id, result: { env: process.env } }) + "\\n"); return; }
  if (msg.method === "spawn") {
    const child = require("node:child_process").spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
    process.stdout.write(JSON.stringify({ jsonrpc: "2.0", id: msg.id, result: { pid: child.pid } }) + "\\n");
    return;
  }
  if ("id" in msg) process.stdout.write(JSON.stringify({ jsonrpc: "2.0", id: msg.id, result: msg.params ?? {} }) + "\\n");
});
`;

const transports: StdioClientTransport[] = [];

function create(params: Partial<StdioServerParameters> & { script?: string } = {}): StdioClientTransport {
  const { script = ECHO_SERVER, ...rest } = params;
  const transport = new StdioClientTransport({ command: process.execPath, args: ["-e", script], ...rest });
  transports.push(transport);
  return transport;
}

function collect(transport: StdioClientTransport) {
  const messages: JSONRPCMessage[] = [];
  const errors: Error[] = [];
  let closed = 0;
  const waiters: Array<() => void> = [];
  transport.onmessage = (message) => {
    messages.push(message);
    for (const wake of waiters.splice(0)) wake();
  };
  transport.onerror = (error) => {
    errors.push(error);
    for (const wake of waiters.splice(0)) wake();
  };
  const closedPromise = new Promise<void>((resolve) => {
    transport.onclose = () => {
      closed++;
      resolve();
    };
  });
  const until = async (predicate: () => boolean) => {
    while (!predicate()) await new Promise<void>((resolve) => waiters.push(resolve));
  };
  return { messages, errors, closed: () => closed, closedPromise, until };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return false;
  }
}

afterEach(async () => {
  await Promise.all(transports.splice(0).map((t) => t.close()));
});

describe("StdioClientTransport", () => {
  it("exchanges newline-delimited JSON-RPC with a child process", async () => {
    const transport = create();
    const seen = collect(transport);
    await transport.start();
    expect(transport.state).toBe("open");
    expect(transport.pid).toBeGreaterThan(0);
    for (let id = 1; id <= 20; id++)
      await transport.send({ jsonrpc: "2.0", id, method: "echo", params: { id } });
    await seen.until(() => seen.messages.length === 20);
    expect(seen.messages.map((m) => (m as { id: number }).id)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    await seen.until(() => transport.stderrTail.includes("echo server up"));
    await transport.close();
    expect(seen.closed()).toBe(1);
    expect(seen.errors).toEqual([]);
    expect(transport.exitInfo?.expected).toBe(true);
    expect(transport.state).toBe("closed");
    expect(trackedProcessGroups()).not.toContain(transport.pid);
  });

  it("delivers a burst sent in one tick, in order, and messages sent just before close()", async () => {
    const transport = create();
    const seen = collect(transport);
    await transport.start();
    const sends = Array.from({ length: 500 }, (_, i) =>
      transport.send({ jsonrpc: "2.0", id: i, method: "echo", params: { i } }),
    );
    await Promise.all(sends);
    await seen.until(() => seen.messages.length === 500);
    expect(seen.messages.map((m) => (m as { id: number }).id)).toEqual(
      Array.from({ length: 500 }, (_, i) => i),
    );
    // The server answers what it read before stdin ended: the last send is flushed ahead of the end.
    const last = transport.send({ jsonrpc: "2.0", id: 500, method: "echo" });
    await transport.close();
    await expect(last).resolves.toBeUndefined();
    expect(seen.messages.at(-1)).toMatchObject({ id: 500 });
  });

  it("passes only the minimal environment plus configured variables", async () => {
    process.env["MCP_TEST_SECRET"] = "must-not-leak";
    try {
      const transport = create({ env: { CONFIGURED: "yes" } });
      const seen = collect(transport);
      await transport.start();
      await transport.send({ jsonrpc: "2.0", id: 1, method: "env" });
      await seen.until(() => seen.messages.length === 1);
      const env = (seen.messages[0] as unknown as { result: { env: Record<string, string> } }).result.env;
      expect(env["CONFIGURED"]).toBe("yes");
      expect(env["MCP_TEST_SECRET"]).toBeUndefined();
      expect(env["PATH"]).toBe(process.env["PATH"]);
    } finally {
      delete process.env["MCP_TEST_SECRET"];
    }
  });

  it("reports garbage on stdout without breaking the stream", async () => {
    const transport = create();
    const seen = collect(transport);
    await transport.start();
    await transport.send({ jsonrpc: "2.0", id: 1, method: "garbage" });
    await transport.send({ jsonrpc: "2.0", id: 2, method: "echo", params: { after: true } });
    await seen.until(() => seen.messages.length === 2 && seen.errors.length === 2);
    expect(seen.errors.map((e) => (isStdioProcessError(e) ? e.code : e.name))).toEqual([
      StdioErrorCode.InvalidOutput,
      StdioErrorCode.InvalidOutput,
    ]);
    expect(seen.errors[0]!.message).toContain("this is not json");
    expect(seen.messages.at(-1)).toEqual({ jsonrpc: "2.0", id: 2, result: { after: true } });
  });

  it("reports a crash with exit code and stderr tail, then closes", async () => {
    const transport = create();
    const seen = collect(transport);
    await transport.start();
    await transport.send({ jsonrpc: "2.0", id: 1, method: "crash" });
    await seen.closedPromise;
    expect(seen.errors).toHaveLength(1);
    const error = seen.errors[0]!;
    expect(isStdioProcessError(error) && error.code).toBe(StdioErrorCode.ProcessExited);
    expect(error.message).toContain("exited with code 3");
    expect(error.message).toContain("about to crash");
    expect(transport.exitInfo).toMatchObject({ code: 3, signal: null, expected: false });
    await expect(transport.send({ jsonrpc: "2.0", id: 2, method: "x" })).rejects.toMatchObject({
      code: StdioErrorCode.ProcessExited,
    });
    await transport.close();
    expect(seen.closed()).toBe(1);
  });

  it("survives writes to a dead process without an unhandled error", async () => {
    const transport = create({ script: "process.stdin.destroy(); setTimeout(() => process.exit(0), 50)" });
    const seen = collect(transport);
    await transport.start();
    const sends: Promise<void>[] = [];
    for (let i = 0; i < 50; i++)
      sends.push(transport.send({ jsonrpc: "2.0", id: i, method: "x" }).catch(() => {}));
    await Promise.all(sends);
    await seen.closedPromise;
    await expect(transport.send({ jsonrpc: "2.0", id: 99, method: "x" })).rejects.toThrow(
      /exited with code 0/,
    );
  });

  it("kills a server that ignores stdin end and SIGTERM, with its whole process group", async () => {
    const transport = create({
      script: `process.on("SIGTERM", () => {});
        const c = require("node:child_process").spawn(process.execPath, ["-e", "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)"], { stdio: "ignore" });
        process.stdout.write(JSON.stringify({ jsonrpc: "2.0", method: "grandchild", params: { pid: c.pid } }) + "\\n");
        setInterval(() => {}, 1000);`,
      closeTimeouts: { stdinEndMs: 100, sigtermMs: 100, sigkillMs: 1000 },
    });
    const seen = collect(transport);
    await transport.start();
    await seen.until(() => seen.messages.length === 1);
    const grandchild = (seen.messages[0] as unknown as { params: { pid: number } }).params.pid;
    expect(isAlive(grandchild)).toBe(true);
    const started = Date.now();
    await transport.close();
    expect(Date.now() - started).toBeLessThan(1500);
    expect(transport.exitInfo?.signal).toBe("SIGKILL");
    expect(isAlive(grandchild)).toBe(false);
    expect(livingGroupMembers(transport.pid!)).toEqual([]);
    expect(seen.errors).toEqual([]);
  });

  it("reaps grandchildren left behind by a server that exits on stdin end", async () => {
    const transport = create({ closeTimeouts: { stdinEndMs: 1000, sigtermMs: 500 } });
    const seen = collect(transport);
    await transport.start();
    await transport.send({ jsonrpc: "2.0", id: 1, method: "spawn" });
    await seen.until(() => seen.messages.length === 1);
    const grandchild = (seen.messages[0] as unknown as { result: { pid: number } }).result.pid;
    expect(isAlive(grandchild)).toBe(true);
    await transport.close();
    expect(isAlive(grandchild)).toBe(false);
  });

  it("kills the group's grandchildren when the server is killed with SIGKILL", async () => {
    const transport = create();
    const seen = collect(transport);
    await transport.start();
    await transport.send({ jsonrpc: "2.0", id: 1, method: "spawn" });
    await seen.until(() => seen.messages.length === 1);
    const grandchild = (seen.messages[0] as unknown as { result: { pid: number } }).result.pid;
    process.kill(transport.pid!, "SIGKILL");
    await seen.closedPromise;
    expect(seen.errors[0]!.message).toContain("killed by SIGKILL");
    for (let i = 0; i < 50 && isAlive(grandchild); i++) await new Promise((r) => setTimeout(r, 20));
    expect(isAlive(grandchild)).toBe(false);
  });

  it("rejects a command that does not exist, without a shell", async () => {
    const transport = create({ command: "definitely-not-a-command-xyz; echo pwned", args: [] });
    await expect(transport.start()).rejects.toMatchObject({ code: StdioErrorCode.SpawnFailed });
    expect(transport.state).toBe("closed");
    await transport.close();
  });

  it("refuses to start twice and to send before start", async () => {
    const transport = create();
    await expect(transport.send({ jsonrpc: "2.0", id: 1, method: "x" })).rejects.toMatchObject({
      code: StdioErrorCode.NotConnected,
    });
    await transport.start();
    await expect(transport.start()).rejects.toMatchObject({ code: StdioErrorCode.AlreadyStarted });
  });

  it("closes a transport that was never started", async () => {
    const transport = create();
    const seen = collect(transport);
    await transport.close();
    await transport.close();
    expect(seen.closed()).toBe(1);
    expect(transport.state).toBe("closed");
  });

  it("closes while starting", async () => {
    const transport = create();
    const seen = collect(transport);
    const starting = transport.start();
    const closing = transport.close();
    await starting;
    await closing;
    expect(seen.closed()).toBe(1);
    expect(livingGroupMembers(transport.pid!)).toEqual([]);
  });

  it("keeps only the configured stderr tail and forwards chunks", async () => {
    const chunks: string[] = [];
    const transport = create({
      script: `for (let i = 0; i < 200; i++) process.stderr.write("line " + i + "\\n"); process.exit(1)`,
      stderrBufferSize: 32,
      onStderr: (text) => chunks.push(text),
    });
    const seen = collect(transport);
    await transport.start();
    await seen.closedPromise;
    expect(transport.stderrTail.length).toBeLessThanOrEqual(32);
    expect(transport.stderrTail.endsWith("line 199\n")).toBe(true);
    expect(chunks.join("")).toContain("line 0\n");
    expect((seen.errors[0] as { exit?: { stderrTail: string } }).exit?.stderrTail).toContain("line 199");
  });

  it("reports an onmessage handler that throws, and keeps reading", async () => {
    const transport = create();
    const errors: Error[] = [];
    let count = 0;
    transport.onerror = (error) => errors.push(error);
    transport.onmessage = () => {
      count++;
      if (count === 1) throw new Error("handler broke");
    };
    await transport.start();
    await transport.send({ jsonrpc: "2.0", id: 1, method: "a" });
    await transport.send({ jsonrpc: "2.0", id: 2, method: "b" });
    while (count < 2) await new Promise((r) => setTimeout(r, 5));
    expect(errors.map((e) => e.message)).toEqual(["handler broke"]);
  });
});
