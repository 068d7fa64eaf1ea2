import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { McpServer } from "../mcp-server.js";
import { type RunServerCliOptions, runServerCli } from "./run-server-cli.js";

function cli(argv: string[], extra: Partial<RunServerCliOptions> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  let created: unknown;
  const run = runServerCli({
    name: "mcp-server-test",
    version: "9.8.7",
    description: "A test server.",
    usage: "<dir>...",
    options: {
      readonly: { type: "boolean", description: "refuse writes" },
      mode: { type: "string", valueName: "<m>" },
    },
    createServer: (parsed) => {
      created = parsed;
      const server = new McpServer({ name: "t", version: "1" });
      server.registerTool("ping-tool", {}, () => ({ content: [{ type: "text", text: "pong" }] }));
      return server;
    },
    argv,
    io: { stdout: (text) => out.push(text), stderr: (text) => err.push(text) },
    ...extra,
  });
  return { run, out, err, created: () => created };
}

describe("runServerCli", () => {
  it("prints help with built-in and server options", async () => {
    const { run, out } = cli(["--help"]);
    expect((await run).exitCode).toBe(0);
    const help = out.join("");
    expect(help).toContain("Usage: mcp-server-test [options] <dir>...");
    expect(help).toContain("A test server.");
    expect(help).toMatch(/-t, --transport <stdio\|http>\s+transport to serve \(default: stdio\)/);
    expect(help).toMatch(/--host <host>\s+HTTP interface to bind \(default: 127.0.0.1\)/);
    expect(help).toMatch(/--readonly\s+refuse writes/);
    expect(help).toContain("--mode <m>");
  });

  it("prints the version", async () => {
    const { run, out } = cli(["-v"]);
    expect((await run).exitCode).toBe(0);
    expect(out.join("")).toBe("9.8.7\n");
  });

  it.each([
    [["--transport", "carrier-pigeon"], /--transport must be "stdio" or "http"/],
    [["--port", "99999"], /--port must be an integer from 0 to 65535/],
    [["--port", "abc"], /--port must be an integer/],
    [["--bogus"], /Unknown option '--bogus'/],
  ])("refuses %j with exit code 2 and the usage", async (argv, message) => {
    const { run, err } = cli(argv);
    expect((await run).exitCode).toBe(2);
    expect(err.join("")).toMatch(message);
    expect(err.join("")).toContain("Usage: mcp-server-test");
  });

  it("refuses positionals when the server takes none", async () => {
    const { run, err } = cli(["extra"], { usage: undefined });
    expect((await run).exitCode).toBe(2);
    expect(err.join("")).toMatch(/Unexpected argument 'extra'/);
  });

  it("serves stdio with the parsed values", async () => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const { run, created } = cli(["--readonly", "/tmp/a", "/tmp/b"], {
      stdio: { stdin, stdout, redirectConsole: false, exitProcess: false },
      smallHeap: false,
    });
    const running = await run;
    expect(created()).toEqual({
      values: { readonly: true },
      positionals: ["/tmp/a", "/tmp/b"],
      transport: "stdio",
    });
    const answer = new Promise<string>((resolve) =>
      stdout.once("data", (chunk: Buffer) => resolve(chunk.toString())),
    );
    stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" })}\n`);
    expect(JSON.parse(await answer)).toEqual({ jsonrpc: "2.0", id: 1, result: {} });
    stdin.end();
    await running.closed;
  });

  it("serves Streamable HTTP on the given host and an ephemeral port", async () => {
    const { run, err } = cli(["--transport", "http", "--port", "0", "--host", "127.0.0.1"]);
    const running = await run;
    try {
      expect(running.url?.href).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
      expect(err.join("")).toContain("MCP over Streamable HTTP at http://127.0.0.1:");
      const response = await fetch(running.url as URL, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
        body: JSON.stringify({
          jsonrpc: "2.0",
          id: 1,
          method: "initialize",
          params: {
            protocolVersion: "2025-11-25",
            capabilities: {},
            clientInfo: { name: "c", version: "1" },
          },
        }),
      });
      expect(response.status).toBe(200);
      const body = await response.text();
      expect(body).toContain('"serverInfo":{"name":"t","version":"1"}');
      expect(response.headers.get("mcp-session-id")).toBeTruthy();
    } finally {
      await running.close();
      await running.closed;
    }
  });
});
