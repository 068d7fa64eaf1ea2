// The filesystem server as a real process: spawned over stdio (and Streamable HTTP) from its
// source through tsx, driven by the official SDK client.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const repoRoot = resolve(import.meta.dirname, "../../../..");
const cli = join(repoRoot, "packages/server-filesystem/src/cli.ts");
const nodeArgs = ["--conditions=@mcp/source", "--import", "tsx", cli];

interface ToolResult {
  content: { type: string; text?: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

let base: string;
let allow: string;
let client: Client | undefined;
let child: ChildProcess | undefined;

beforeEach(async () => {
  base = await realpath(await mkdtemp(join(tmpdir(), "mcp-fs-int-")));
  allow = join(base, "allow");
  await mkdir(allow);
  await mkdir(join(base, "allow_secret"));
  await writeFile(join(allow, "a.txt"), "hello from disk\n");
  await writeFile(join(base, "allow_secret", "s.txt"), "SECRET\n");
  await symlink(join(base, "allow_secret", "s.txt"), join(allow, "link-out"));
});

afterEach(async () => {
  await client?.close();
  client = undefined;
  if (child && child.exitCode === null) child.kill("SIGTERM");
  child = undefined;
  await rm(base, { recursive: true, force: true });
});

async function connectStdio(extra: string[] = []): Promise<StdioClientTransport> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [...nodeArgs, ...extra, allow],
    cwd: repoRoot,
    stderr: "pipe",
  });
  client = new Client({ name: "integration", version: "1.0.0" });
  await client.connect(transport);
  return transport;
}

const call = (name: string, args: Record<string, unknown>) =>
  client!.callTool({ name, arguments: args }) as Promise<ToolResult>;

describe("mcp-server-filesystem over stdio", () => {
  // Generous timeouts: the server runs from source through tsx, which takes seconds to start on
  // a loaded 2-core machine.
  it("serves the tools, reads and writes inside, refuses escapes, and touches nothing outside", {
    timeout: 60_000,
  }, async () => {
    await connectStdio();
    const { tools } = await client!.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(
      expect.arrayContaining(["read_file", "write_file", "grep"]),
    );
    expect((await call("read_file", { path: join(allow, "a.txt") })).content[0]?.text).toBe(
      "hello from disk\n",
    );
    const written = await call("write_file", { path: "b.txt", content: "written over stdio" });
    expect(written.structuredContent).toMatchObject({ created: true });
    expect(await readFile(join(allow, "b.txt"), "utf8")).toBe("written over stdio");
    const escaped = await call("read_file", { path: join(allow, "link-out") });
    expect(escaped.isError).toBe(true);
    const prefix = await call("write_file", { path: join(base, "allow_secret", "s.txt"), content: "pwned" });
    expect(prefix.isError).toBe(true);
    expect(await readFile(join(base, "allow_secret", "s.txt"), "utf8")).toBe("SECRET\n");
    const found = await call("grep", { path: allow, pattern: "hello" });
    expect(found.structuredContent).toMatchObject({ matches: [{ path: join(allow, "a.txt"), line: 1 }] });
  });

  it("--read-only lists no writing tool", { timeout: 60_000 }, async () => {
    await connectStdio(["--read-only"]);
    const names = (await client!.listTools()).tools.map((tool) => tool.name);
    expect(names).toContain("read_file");
    for (const name of ["write_file", "edit_file", "create_directory", "delete_file", "move_file"]) {
      expect(names).not.toContain(name);
    }
  });

  it("--help and --version print and exit 0; a missing directory fails", async () => {
    const run = (args: string[]) =>
      new Promise<{ code: number | null; out: string }>((done) => {
        const process_ = spawn(process.execPath, [...nodeArgs, ...args], { cwd: repoRoot });
        let out = "";
        process_.stdout.on("data", (chunk) => (out += chunk));
        process_.stderr.on("data", (chunk) => (out += chunk));
        process_.on("close", (code) => done({ code, out }));
      });
    const [help, version, missing] = await Promise.all([
      run(["--help"]),
      run(["--version"]),
      run([join(base, "does-not-exist")]),
    ]);
    expect(help.code).toBe(0);
    expect(help.out).toContain("--read-only");
    expect(version.code).toBe(0);
    expect(missing.code).toBe(1);
    expect(missing.out).toContain("No such file or directory");
    expect(missing.out).not.toMatch(/\bat .*\.ts:\d+/);
  }, 60_000);
});

describe("mcp-server-filesystem over Streamable HTTP", () => {
  it("serves the same tools at /mcp", { timeout: 60_000 }, async () => {
    child = spawn(process.execPath, [...nodeArgs, "--transport", "http", "--port", "0", allow], {
      cwd: repoRoot,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const url = await new Promise<string>((found, failed) => {
      let text = "";
      const timer = setTimeout(() => failed(new Error(`no URL printed: ${text}`)), 50_000);
      child!.stderr!.on("data", (chunk) => {
        text += chunk;
        const match = /https?:\/\/[^\s]+\/mcp/.exec(text);
        if (match) {
          clearTimeout(timer);
          found(match[0]);
        }
      });
    });
    client = new Client({ name: "integration-http", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(url)));
    expect((await call("read_file", { path: join(allow, "a.txt") })).content[0]?.text).toBe(
      "hello from disk\n",
    );
  });
});
