/**
 * Runs every example of docs/usage-guide.md against the real platform, so the guide cannot
 * drift from the code.
 *
 * How the guide is read:
 * - A fenced block whose info string is exactly `sh` is RUN, in document order, each with
 *   `bash -euo pipefail` in one throwaway directory. `MCP_URL` and `MCP_ADMIN_KEY` are set (to
 *   the platform started here, and the admin key its first start created), and whatever a block
 *   `export`s is visible to the blocks after it. A block must exit 0 (curl without -f exits 0 on
 *   HTTP errors; a non-zero exit means the shell, curl's connection or node failed).
 * - Every other fence is not run: ```sh no-run (install and start commands, things with the
 *   reader's own values), ```json, ```text... A ```json block must be valid JSON. A
 *   ```json response block is an example answer: every key path it shows must exist in a JSON
 *   value printed by the nearest runnable block above it (values may differ: ids, times).
 * - HTML comments right above a fence annotate it, one annotation per line:
 *     <!-- expect: TEXT -->          the output contains TEXT (verbatim, e.g. "status":"succeeded")
 *     <!-- expect-not: TEXT -->      the output does not contain TEXT (e.g. a secret)
 *     <!-- expect-status: 403 -->    the output shows an HTTP status line with 403 (the block uses
 *                                    `curl -i`, or `-w` printing `HTTP/1.1 403`)
 *     <!-- expect-json: {"a":{"b":1}} --> some printed JSON value contains this subset
 *     <!-- output: text -->          the block prints text, not JSON (give an expect: as well)
 *   A runnable block without expect-status or `output: text` must print one or more JSON values
 *   (concatenated, as several curl calls print them) and none may have a non-null top-level
 *   "error": an example that is meant to fail must say so with expect-status.
 * - The guide must keep at least MIN_RUNNABLE_BLOCKS runnable blocks, call every endpoint the
 *   platform's own /openapi.json lists plus /health, /openapi.json and /docs, use every query
 *   filter listed below, and execute every bundled tool listed below.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  containsSubset,
  curlCalls,
  type GuideBlock,
  isRunnable,
  jsonValues,
  missingShape,
  parseGuide,
} from "./usage-guide/guide-blocks.js";
import { type GuidePlatform, startGuidePlatform } from "./usage-guide/guide-platform.js";
import {
  type BlockOutput,
  type BlockSession,
  createBlockSession,
  runBlock,
} from "./usage-guide/run-block.js";

const repoRoot = resolve(import.meta.dirname, "../../..");
const guidePath = join(repoRoot, "docs/usage-guide.md");
const blocks = parseGuide(readFileSync(guidePath, "utf8"));
const runnable = blocks.filter(isRunnable);

const MIN_RUNNABLE_BLOCKS = 60;

// Endpoints every guide must call, by method and path (after $MCP_URL). The OpenAPI check below
// adds any route the API gains later.
const REQUIRED_CALLS: Array<[string, RegExp]> = [
  ["GET", /^\/health$/],
  ["GET", /^\/openapi\.json$/],
  ["GET", /^\/docs$/],
  ["POST", /^\/v1\/tenants$/],
  ["GET", /^\/v1\/tenants$/],
  ["POST", /^\/v1\/api-keys$/],
  ["GET", /^\/v1\/api-keys$/],
  ["DELETE", /^\/v1\/api-keys\/[^/?]+$/],
  ["POST", /^\/v1\/agents$/],
  ["GET", /^\/v1\/agents$/],
  ["GET", /^\/v1\/agents\/[^/?]+$/],
  ["DELETE", /^\/v1\/agents\/[^/?]+$/],
  ["POST", /^\/v1\/mcp\/servers$/],
  ["GET", /^\/v1\/mcp\/servers(\?.*)?$/],
  ["GET", /^\/v1\/mcp\/servers\?.*search=/],
  ["GET", /^\/v1\/mcp\/servers\?.*status=/],
  ["GET", /^\/v1\/mcp\/servers\?.*transport=/],
  ["GET", /^\/v1\/mcp\/servers\/[^/?]+$/],
  ["PATCH", /^\/v1\/mcp\/servers\/[^/?]+$/],
  ["DELETE", /^\/v1\/mcp\/servers\/[^/?]+$/],
  ["GET", /^\/v1\/mcp\/servers\/[^/?]+\/discover$/],
  ["POST", /^\/v1\/mcp\/servers\/[^/?]+\/health$/],
  ["POST", /^\/v1\/mcp\/configs$/],
  ["GET", /^\/v1\/mcp\/configs\?.*server_id=/],
  ["GET", /^\/v1\/mcp\/configs\/[^/?]+$/],
  ["PATCH", /^\/v1\/mcp\/configs\/[^/?]+$/],
  ["POST", /^\/v1\/mcp\/execute$/],
  ["GET", /^\/v1\/mcp\/executions$/],
  ["GET", /^\/v1\/mcp\/executions\?.*status=failed/],
  ["GET", /^\/v1\/mcp\/executions\?.*tool=/],
  ["GET", /^\/v1\/mcp\/executions\?.*since=/],
  ["GET", /^\/v1\/mcp\/executions\?.*cursor=/],
  ["GET", /^\/v1\/mcp\/executions\/[^/?]+$/],
  ["GET", /^\/v1\/mcp\/registry$/],
  ["GET", /^\/v1\/mcp\/registry\?.*q=/],
  ["GET", /^\/v1\/mcp\/registry\/[^/?]+$/],
  ["POST", /^\/v1\/mcp\/registry\/[^/?]+\/install$/],
  ["POST", /^\/v1\/mcp\/registry\/[^/?]+\/rate$/],
];

// Every bundled tool the guide must show being executed.
const REQUIRED_TOOLS = [
  "add",
  "subtract",
  "multiply",
  "divide",
  "power",
  "evaluate",
  "write_file",
  "read_text_file",
  "list_directory",
  "search_files",
  "grep",
  "edit_file",
  "directory_tree",
  "get_file_info",
  "query",
  "list_tables",
  "describe_table",
  "get_schema",
  "explain",
];

const allCalls = runnable.flatMap((block) => curlCalls(block.body));
const runnableText = runnable.map((block) => block.body).join("\n");

/** The example answers (```json response) that follow each runnable block. */
function responsesOf(block: GuideBlock): GuideBlock[] {
  const start = blocks.indexOf(block);
  const shown: GuideBlock[] = [];
  for (const next of blocks.slice(start + 1)) {
    if (isRunnable(next)) break;
    if (next.info === "json response") shown.push(next);
  }
  return shown;
}

function checkOutput(block: GuideBlock, output: BlockOutput): void {
  const where = `docs/usage-guide.md:${block.line}`;
  const shown = `${where}\n--- block\n${block.body}\n--- stdout\n${output.stdout.slice(0, 4000)}\n--- stderr\n${output.stderr.slice(0, 2000)}`;
  expect(output.code, `the block failed\n${shown}`).toBe(0);
  const expectsStatus = block.annotations.some((a) => a.kind === "expect-status");
  const isText = block.annotations.some((a) => a.kind === "output-text");
  const values = jsonValues(output.stdout);
  if (!expectsStatus && !isText) {
    expect(values?.length ?? 0, `the block must print JSON\n${shown}`).toBeGreaterThan(0);
    for (const value of values ?? []) {
      const error = (value as { error?: unknown } | null)?.error;
      expect(error ?? null, `a JSON answer carries an error\n${shown}`).toBeNull();
    }
  }
  for (const annotation of block.annotations) {
    switch (annotation.kind) {
      case "expect":
        expect(output.stdout.includes(annotation.text), `expected '${annotation.text}'\n${shown}`).toBe(true);
        break;
      case "expect-not":
        expect(output.stdout.includes(annotation.text), `did not expect '${annotation.text}'\n${shown}`).toBe(
          false,
        );
        break;
      case "expect-status":
        expect(
          new RegExp(`HTTP/[0-9.]+ ${annotation.status}\\b`).test(output.stdout),
          `expected HTTP ${annotation.status}\n${shown}`,
        ).toBe(true);
        break;
      case "expect-json": {
        const printed =
          values ?? jsonValues(output.stdout.slice(output.stdout.indexOf("\r\n\r\n") + 4)) ?? [];
        expect(
          printed.some((value) => containsSubset(value, annotation.subset)),
          `expected JSON containing ${JSON.stringify(annotation.subset)}\n${shown}`,
        ).toBe(true);
        break;
      }
      case "output-text":
        break;
    }
  }
  for (const response of responsesOf(block)) {
    const example = JSON.parse(response.body) as unknown;
    const candidates = values ?? [];
    const misses = candidates.map((value) => missingShape(value, example));
    expect(
      misses.includes(undefined),
      `the example answer at docs/usage-guide.md:${response.line} shows ${misses[0] ?? "JSON"} which the real answer lacks\n${shown}`,
    ).toBe(true);
  }
}

describe("docs/usage-guide.md, as written", () => {
  it("keeps its coverage: enough runnable blocks, every endpoint and filter, every bundled tool", () => {
    expect(runnable.length).toBeGreaterThanOrEqual(MIN_RUNNABLE_BLOCKS);
    const missing = REQUIRED_CALLS.filter(
      ([method, path]) => !allCalls.some((call) => call.method === method && path.test(call.path)),
    ).map(([method, path]) => `${method} ${path}`);
    expect(missing).toEqual([]);
    const tools = REQUIRED_TOOLS.filter((tool) => !runnableText.includes(`"tool":"${tool}"`));
    expect(tools).toEqual([]);
    expect(runnableText).toContain('"dryRun":true');
  });

  it("has valid JSON in every json block and annotations only on runnable blocks", () => {
    for (const block of blocks) {
      if (block.info.startsWith("json")) {
        expect(() => JSON.parse(block.body), `docs/usage-guide.md:${block.line}`).not.toThrow();
      }
      if (!isRunnable(block)) expect(block.annotations, `docs/usage-guide.md:${block.line}`).toEqual([]);
    }
    // Every example answer must sit below a block that produces it.
    for (const block of blocks.filter((b) => b.info === "json response")) {
      const before = blocks.slice(0, blocks.indexOf(block));
      expect(before.some(isRunnable), `docs/usage-guide.md:${block.line}`).toBe(true);
    }
  });
});

describe("docs/usage-guide.md, run against the platform", () => {
  let guide: GuidePlatform;
  let session: BlockSession;
  let dir: string;

  beforeAll(async () => {
    guide = await startGuidePlatform();
    dir = mkdtempSync(join(tmpdir(), "mcp-usage-guide-run-"));
    session = createBlockSession(dir, { MCP_URL: guide.url, MCP_ADMIN_KEY: guide.adminKey });
  }, 240_000);

  afterAll(async () => {
    await guide?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const [index, block] of runnable.entries()) {
    it(`runs the example at line ${block.line}`, async () => {
      checkOutput(block, await runBlock(session, block.body, index));
    }, 180_000);
  }

  it("calls every route of the platform's OpenAPI document", async () => {
    const doc = (await (await fetch(`${guide.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const routes = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => [method.toUpperCase(), path] as const),
    );
    expect(routes.length).toBeGreaterThan(20);
    const uncalled = routes
      .filter(([method, path]) => {
        const pattern = new RegExp(`^${path.replace(/\{[^}]+\}/g, "[^/?]+")}(\\?.*)?$`);
        return !allCalls.some((call) => call.method === method && pattern.test(call.path));
      })
      .map(([method, path]) => `${method} ${path}`);
    expect(uncalled).toEqual([]);
  });
});
