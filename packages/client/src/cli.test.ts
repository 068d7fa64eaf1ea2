import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const cli = fileURLToPath(new URL("./cli.ts", import.meta.url));
const fixture = fileURLToPath(new URL("./test-support/sdk-stdio-server.mjs", import.meta.url));
const node = [process.execPath, "--conditions=@mcp/source", "--import", "tsx"];

async function mcp(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(node[0]!, [...node.slice(1), cli, ...args], { timeout: 30_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

// Each run starts the CLI through a TypeScript loader and a server process: slow on a busy machine.
describe("the mcp CLI as a real process", { timeout: 90_000 }, () => {
  it("calls a tool of a stdio server and prints JSON", async () => {
    const result = await mcp([
      "call",
      "add",
      '{"a":1,"b":2}',
      "--",
      process.execPath,
      "--import",
      "tsx",
      fixture,
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ structuredContent: { sum: 3 } });
  });

  it("exits 1 for an isError result and 2 for a usage error", async () => {
    const failed = await mcp(["call", "fails", "--", process.execPath, fixture]);
    expect(failed.code).toBe(1);
    expect(JSON.parse(failed.stdout).isError).toBe(true);
    const usage = await mcp(["tools"]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("No server");
  });
});
