import { PassThrough, Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { McpServer } from "../mcp-server.js";
import { serveStdio } from "./serve-stdio.js";
import { StdioServerTransport } from "./stdio-server-transport.js";

function pipes() {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const lines: Record<string, unknown>[] = [];
  let buffered = "";
  stdout.on("data", (chunk: Buffer) => {
    buffered += chunk.toString("utf8");
    let index = buffered.indexOf("\n");
    while (index >= 0) {
      lines.push(JSON.parse(buffered.slice(0, index)));
      buffered = buffered.slice(index + 1);
      index = buffered.indexOf("\n");
    }
  });
  return { stdin, stdout, lines };
}

async function until(check: () => boolean) {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 2));
  expect(check()).toBe(true);
}

const init = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "t", version: "1" } },
};

describe("StdioServerTransport", () => {
  it("serves NDJSON requests, joining same-tick answers into one write", async () => {
    const { stdin, stdout, lines } = pipes();
    const writes: string[] = [];
    const originalWrite = stdout.write.bind(stdout);
    stdout.write = ((chunk: string) => {
      writes.push(chunk);
      return originalWrite(chunk);
    }) as typeof stdout.write;
    const server = new McpServer({ name: "s", version: "1" });
    server.registerTool("echo", {}, () => ({ content: [{ type: "text", text: "hi" }] }));
    const { closed } = await serveStdio(server, { stdin, stdout, redirectConsole: false });
    stdin.write(`${JSON.stringify(init)}\n`);
    await until(() => lines.length === 1);
    stdin.write(`${JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" })}\r\n`);
    const calls = [2, 3, 4].map((id) =>
      JSON.stringify({ jsonrpc: "2.0", id, method: "tools/call", params: { name: "echo" } }),
    );
    // Split across chunks, with a multi-byte character cut in half on purpose.
    const payload = Buffer.from(
      `${calls.join("\n")}\n${JSON.stringify({ jsonrpc: "2.0", id: "é", method: "ping" })}\n`,
    );
    stdin.write(payload.subarray(0, payload.length - 30));
    stdin.write(payload.subarray(payload.length - 30));
    await until(() => lines.length === 5);
    expect(
      lines
        .slice(1)
        .map((line) => String(line.id))
        .sort(),
    ).toEqual(["2", "3", "4", "é"]);
    expect(writes.length).toBeLessThan(5);
    stdin.end();
    await closed;
  });

  it("answers a malformed request with -32600 and reports bad JSON without dying", async () => {
    const { stdin, stdout, lines } = pipes();
    const errors: Error[] = [];
    const server = new McpServer({ name: "s", version: "1" });
    await serveStdio(server, { stdin, stdout, redirectConsole: false, onerror: (e) => errors.push(e) });
    stdin.write("{not json}\n");
    stdin.write(`${JSON.stringify({ jsonrpc: "1.0", id: 7, method: "ping" })}\n`);
    stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id: 8, method: "ping" })}\n`);
    await until(() => lines.length === 2);
    expect(lines[0]).toMatchObject({ id: 7, error: { code: -32600 } });
    expect(lines[1]).toEqual({ jsonrpc: "2.0", id: 8, result: {} });
    expect(errors.map((e) => e.message).join("\n")).toMatch(/invalid JSON/);
    stdin.end();
  });

  it("closes when stdin ends, decoding a last line without newline", async () => {
    const { stdin, stdout, lines } = pipes();
    const transport = new StdioServerTransport({ stdin, stdout });
    let closes = 0;
    transport.onclose = () => closes++;
    const got: unknown[] = [];
    transport.onmessage = (message) => got.push(message);
    await transport.start();
    await expect(transport.start()).rejects.toThrow(/already started/);
    stdin.end(JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }));
    await until(() => closes === 1);
    expect(got).toHaveLength(1);
    await expect(transport.send({ jsonrpc: "2.0", method: "x" })).rejects.toThrow(/closed/);
    await transport.close();
    expect(closes).toBe(1);
    expect(lines).toEqual([]);
  });

  it("treats EPIPE on stdout as a close and reports other stream errors", async () => {
    const stdin = new PassThrough();
    const stdout = new Writable({ write: (_chunk, _enc, callback) => callback() });
    const transport = new StdioServerTransport({ stdin, stdout, maxMessageBytes: 16 });
    const errors: Error[] = [];
    let closed = false;
    transport.onerror = (error) => errors.push(error);
    transport.onclose = () => {
      closed = true;
    };
    await transport.start();
    stdin.write(`${"x".repeat(40)}\n`);
    await until(() => errors.length === 1);
    expect(errors[0]?.message).toMatch(/too large|exceeds/i);
    stdout.emit("error", Object.assign(new Error("other"), { code: "EIO" }));
    expect(errors).toHaveLength(2);
    stdout.emit("error", Object.assign(new Error("broken pipe"), { code: "EPIPE" }));
    expect(closed).toBe(true);
  });

  it("waits for drain under backpressure", async () => {
    const stdin = new PassThrough();
    const chunks: string[] = [];
    const stdout = new Writable({
      highWaterMark: 8,
      write: (chunk: Buffer, _enc, callback) => {
        chunks.push(chunk.toString());
        setTimeout(callback, 1);
      },
    });
    const transport = new StdioServerTransport({ stdin, stdout });
    await transport.start();
    for (let i = 0; i < 5; i++) {
      await transport.send({ jsonrpc: "2.0", method: "n", params: { i } });
      await new Promise((resolve) => setImmediate(resolve));
    }
    await transport.flushed();
    expect(chunks.join("").trim().split("\n")).toHaveLength(5);
    await transport.close();
  });

  it("redirects console.log to stderr while serving and restores it after", async () => {
    const { stdin, stdout } = pipes();
    const original = console.log;
    const server = new McpServer({ name: "s", version: "1" });
    const { closed } = await serveStdio(server, { stdin, stdout });
    expect(console.log).not.toBe(original);
    stdin.end();
    await closed;
    expect(console.log).toBe(original);
  });
});
