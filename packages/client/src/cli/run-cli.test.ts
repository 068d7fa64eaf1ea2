import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SdkHttpServer, startSdkHttpServer } from "../test-support/sdk-http-server.js";
import { startWsServer } from "../test-support/ws-server.js";
import { type CliIo, runCli } from "./run-cli.js";

const fixture = fileURLToPath(new URL("../test-support/sdk-stdio-server.mjs", import.meta.url));
const stdioServer = ["--", process.execPath, fixture];

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) };
  const code = await runCli(argv, io, "1.2.3");
  return { code, stdout, stderr };
}

let http: SdkHttpServer;
beforeAll(async () => {
  http = await startSdkHttpServer();
});
afterAll(async () => {
  await http.close();
});

describe("runCli over stdio (the SDK server as a child process)", { timeout: 60_000 }, () => {
  it("lists tools and calls one", async () => {
    const tools = await run(["tools", ...stdioServer]);
    expect(tools.code).toBe(0);
    expect(JSON.parse(tools.stdout).tools.map((t: { name: string }) => t.name)).toEqual([
      "add",
      "echo",
      "fails",
    ]);
    const call = await run(["call", "add", '{"a":5,"b":6}', ...stdioServer]);
    expect(call.code).toBe(0);
    expect(JSON.parse(call.stdout).structuredContent).toEqual({ sum: 11 });
  });

  it("exits 1 on an isError result, with the result on stdout", async () => {
    const result = await run(["call", "fails", ...stdioServer]);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ isError: true });
  });

  it("reports a server that dies at start, with its stderr", async () => {
    const result = await run(["ping", ...stdioServer, "--exit-on-start"]);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stderr).error.serverStderr).toContain("fixture: refusing to start");
  });
});

describe("runCli over HTTP (the SDK's Streamable HTTP server)", () => {
  it("lists and reads resources, lists prompts, pings", async () => {
    const resources = await run(["resources", "--url", http.url]);
    expect(resources.code).toBe(0);
    expect(JSON.parse(resources.stdout)).toMatchObject({
      resources: [{ uri: "test://greeting" }],
      resourceTemplates: [],
    });
    const read = await run(["read", "test://greeting", "--url", http.url]);
    expect(JSON.parse(read.stdout).contents[0].text).toBe("hello");
    const ping = await run(["ping", "--url", http.url, "--timeout", "5000"]);
    expect(JSON.parse(ping.stdout)).toMatchObject({ ok: true });
    // The SDK server has no prompts: the client refuses before sending.
    const prompts = await run(["prompts", "--url", http.url]);
    expect(prompts.code).toBe(1);
    expect(JSON.parse(prompts.stderr).error).toMatchObject({ code: "CAPABILITY_NOT_SUPPORTED" });
    const prompt = await run(["prompt", "p", '{"x":"1"}', "--url", http.url]);
    expect(JSON.parse(prompt.stderr).error.code).toBe("CAPABILITY_NOT_SUPPORTED");
  });

  it("reports protocol errors with their code", async () => {
    const result = await run(["call", "nope", "{}", "--url", http.url]);
    // The SDK answers unknown tools with an isError result (2025-11-25) or -32602.
    expect(result.code).toBe(1);
  });

  it("reports an unreachable server and bad JSON arguments", async () => {
    const down = await run(["ping", "--url", "http://127.0.0.1:9/mcp"]);
    expect(down.code).toBe(1);
    expect(JSON.parse(down.stderr).error).toMatchObject({ status: 0 });
    const bad = await run(["call", "add", "{oops", "--url", http.url]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("Tool arguments must be JSON");
    const notObject = await run(["call", "add", "[1]", "--url", http.url]);
    expect(notObject.stderr).toContain("must be a JSON object");
  });
});

describe("runCli over WebSocket", () => {
  it("uses the WebSocket transport for ws:// URLs", async () => {
    const ws = await startWsServer();
    try {
      const result = await run(["call", "add", '{"a":1,"b":41}', "--url", ws.url]);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout).structuredContent).toEqual({ sum: 42 });
      expect(ws.protocols).toEqual(["mcp"]);
    } finally {
      await ws.close();
    }
  });
});

describe("runCli usage", () => {
  it("prints help, version, and usage errors with exit 2", async () => {
    expect(await run(["--help"])).toMatchObject({ code: 0 });
    expect((await run(["--help"])).stdout).toContain("Usage: mcp <command>");
    expect(await run(["--version"])).toEqual({ code: 0, stdout: "1.2.3\n", stderr: "" });
    const bad = await run(["nope"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Unknown command \\"nope\\"');
  });
});
