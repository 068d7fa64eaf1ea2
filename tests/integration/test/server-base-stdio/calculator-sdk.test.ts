// Our calculator and a server on the built @mcp/server-base, as real processes over stdio, driven
// by the official @modelcontextprotocol/sdk Client.
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, repoRoot } from "./built-packages.js";

interface ToolResult {
  content: { type: string; text?: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

let calculatorBin: string;
let serverBaseDist: string;
const clients: Client[] = [];
const children: ChildProcess[] = [];

beforeAll(async () => {
  ({ calculatorBin, serverBaseDist } = ensureBuilt());
}, 300_000);

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

const fixture = join(import.meta.dirname, "fixtures/slow-server.mjs");
const env = () => ({ PATH: process.env.PATH ?? "", SERVER_BASE_DIST: serverBaseDist });

async function connect(args: string[]): Promise<{ client: Client; stderr: () => string }> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args,
    env: env(),
    stderr: "pipe",
    cwd: repoRoot,
  });
  let stderr = "";
  transport.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const client = new Client({ name: "sdk-interop", version: "1.0.0" });
  await client.connect(transport);
  clients.push(client);
  return { client, stderr: () => stderr };
}

describe("calculator over stdio with the official SDK client", () => {
  it("initializes and lists the six tools with schemas and annotations", async () => {
    const { client } = await connect([calculatorBin]);
    expect(client.getServerVersion()).toMatchObject({ name: "mcp-server-calculator", title: "Calculator" });
    expect(client.getServerCapabilities()).toMatchObject({ tools: { listChanged: true }, logging: {} });
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual([
      "add",
      "subtract",
      "multiply",
      "divide",
      "power",
      "evaluate",
    ]);
    const evaluate = tools.find((tool) => tool.name === "evaluate");
    expect(evaluate?.inputSchema).toMatchObject({ type: "object", required: ["expression"] });
    expect(evaluate?.outputSchema).toMatchObject({ type: "object", required: ["result"] });
    expect(evaluate?.annotations).toMatchObject({
      readOnlyHint: true,
      idempotentHint: true,
      openWorldHint: false,
    });
  });

  it("calls every tool and gets structured output the SDK validates", async () => {
    const { client } = await connect([calculatorBin]);
    const calls: [string, Record<string, unknown>, number][] = [
      ["add", { a: 1.5, b: 2 }, 3.5],
      ["subtract", { a: 10, b: 4 }, 6],
      ["multiply", { a: -3, b: 7 }, -21],
      ["divide", { a: 7, b: 2 }, 3.5],
      ["power", { base: 3, exponent: 4 }, 81],
      ["evaluate", { expression: "max(2, 3) * (1 + 2) ^ 2 % 5" }, 2],
    ];
    for (const [name, args, expected] of calls) {
      const result = (await client.callTool({ name, arguments: args })) as ToolResult;
      expect(result.structuredContent).toEqual({ result: expected });
      expect(result.content).toEqual([{ type: "text", text: JSON.stringify({ result: expected }) }]);
    }
  });

  it("returns tool errors as isError results and unknown tools as protocol errors", async () => {
    const { client } = await connect([calculatorBin]);
    const divide = (await client.callTool({ name: "divide", arguments: { a: 1, b: 0 } })) as ToolResult;
    expect(divide).toMatchObject({ isError: true, content: [{ type: "text", text: "Division by zero" }] });
    const bomb = (await client.callTool({
      name: "evaluate",
      arguments: { expression: "9^9^9^9" },
    })) as ToolResult;
    expect(bomb.isError).toBe(true);
    expect(bomb.content[0]?.text).toMatch(/Exponent 387420489 is too large/);
    const deep = (await client.callTool({
      name: "evaluate",
      arguments: { expression: `${"(".repeat(400)}1${")".repeat(400)}` },
    })) as ToolResult;
    expect(deep.content[0]?.text).toMatch(/nested too deeply/);
    const invalid = (await client.callTool({ name: "add", arguments: { a: "one", b: 2 } })) as ToolResult;
    expect(invalid.isError).toBe(true);
    expect(invalid.content[0]?.text).toMatch(/Invalid arguments for tool add/);
    await expect(client.callTool({ name: "sqrt", arguments: {} })).rejects.toThrow(/Unknown tool: sqrt/);
  });

  it("answers the SDK's ping and 32 concurrent calls", async () => {
    const { client } = await connect([calculatorBin]);
    await client.ping();
    const results = await Promise.all(
      Array.from(
        { length: 32 },
        (_, i) => client.callTool({ name: "add", arguments: { a: i, b: 1 } }) as Promise<ToolResult>,
      ),
    );
    expect(results.map((result) => result.structuredContent?.result)).toEqual(
      Array.from({ length: 32 }, (_, i) => i + 1),
    );
  });
});

describe("server-base over stdio: progress, cancellation, stdout hygiene", () => {
  it("delivers progress notifications to the SDK's onprogress", async () => {
    const { client } = await connect([fixture]);
    const progress: unknown[] = [];
    const result = (await client.callTool({ name: "count", arguments: {} }, undefined, {
      onprogress: (p) => progress.push(p),
    })) as ToolResult;
    expect(result.content).toEqual([{ type: "text", text: "counted" }]);
    expect(progress).toEqual([
      { progress: 1, total: 3, message: "step 1" },
      { progress: 2, total: 3, message: "step 2" },
      { progress: 3, total: 3, message: "step 3" },
    ]);
  });

  it("aborts the handler when the SDK cancels the request", async () => {
    const { client, stderr } = await connect([fixture]);
    const controller = new AbortController();
    const call = client.callTool({ name: "hang", arguments: {} }, undefined, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 100));
    controller.abort("changed my mind");
    await expect(call).rejects.toThrow();
    for (let i = 0; i < 100 && !stderr().includes("hang: aborted"); i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(stderr()).toContain("hang: aborted");
    // The session is still usable after a cancellation.
    expect(((await client.callTool({ name: "count", arguments: {} })) as ToolResult).content[0]?.text).toBe(
      "counted",
    );
  });

  it("keeps console.log off stdout", async () => {
    const { client, stderr } = await connect([fixture]);
    const result = (await client.callTool({ name: "noisy", arguments: {} })) as ToolResult;
    expect(result.content[0]?.text).toBe("quiet stdout");
    for (let i = 0; i < 50 && !stderr().includes("noise"); i++) await new Promise((r) => setTimeout(r, 20));
    expect(stderr()).toContain("noise from console.log");
  });
});

describe("exit when stdin closes", () => {
  async function handshake(child: ChildProcess): Promise<void> {
    let buffered = "";
    const answered = new Promise<void>((resolve) => {
      child.stdout?.on("data", (chunk: Buffer) => {
        buffered += chunk.toString();
        if (buffered.includes('"id":1')) resolve();
      });
    });
    child.stdin?.write(
      `${JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "1" } } })}\n`,
    );
    await answered;
    child.stdin?.write(`${JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" })}\n`);
  }

  function exited(child: ChildProcess): Promise<{ code: number | null; ms: number }> {
    const started = Date.now();
    return new Promise((resolve) =>
      child.once("exit", (code) => resolve({ code, ms: Date.now() - started })),
    );
  }

  it.each([
    ["the calculator", () => [calculatorBin]],
    ["a server with a handler still running", () => [fixture]],
  ])("%s exits promptly with code 0", async (_label, args) => {
    const child = spawn(process.execPath, args(), { env: env(), stdio: ["pipe", "pipe", "pipe"] });
    children.push(child);
    await handshake(child);
    if (args()[0] === fixture) {
      child.stdin?.write(
        `${JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "hang", arguments: {} } })}\n`,
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const exit = exited(child);
    child.stdin?.end();
    const { code, ms } = await exit;
    expect(code).toBe(0);
    expect(ms).toBeLessThan(2_000);
  });
});
