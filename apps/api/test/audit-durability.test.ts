import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BUNDLED_SERVER_COMMANDS } from "../src/security/launch-policy.js";
import { chaosServerBody } from "../src/test-support/chaos-server.js";

const apiRoot = resolve(import.meta.dirname, "..");

interface RunningApi {
  child: ChildProcess;
  url: string;
  /** Every log line the process wrote so far. */
  logs: string[];
}

// The API as an operator runs it, from source, on the embedded database in a data directory.
function startApi(dataDir: string, adminKey: string): Promise<RunningApi> {
  const child = spawn(process.execPath, ["--conditions=@mcp/source", "--import", "tsx", "src/server.ts"], {
    cwd: apiRoot,
    // Its own process group, so that a kill reaches its server processes as a crash would.
    detached: true,
    stdio: ["ignore", "pipe", "inherit"],
    env: {
      ...process.env,
      MCP_DATA_DIR: dataDir,
      MCP_ADMIN_API_KEY: adminKey,
      PORT: "0",
      LOG_LEVEL: "info",
      DATABASE_URL: "",
      MCP_ALLOWED_COMMANDS: `${BUNDLED_SERVER_COMMANDS.join(",")},${process.execPath}`,
      // Nothing is applied in the background: every row must come back from the journal.
      MCP_AUDIT_JOURNAL_FLUSH_MS: "3600000",
    },
  });
  const logs: string[] = [];
  return new Promise((ready, fail) => {
    let buffered = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        logs.push(line);
        const url = /"url":"(http:[^"]+)"/.exec(line)?.[1];
        if (url) ready({ child, url, logs });
      }
    });
    child.once("exit", (code, signal) => fail(new Error(`the API exited with ${code ?? signal}`)));
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((done) => child.once("exit", (code) => done(code)));
}

describe("audit records survive a killed API", { timeout: 600_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), "mcp-api-durability-"));
  const adminKey = `mcp_${randomBytes(24).toString("hex")}`;
  let running: RunningApi | undefined;

  afterAll(async () => {
    if (running?.child.exitCode === null) {
      process.kill(-(running.child.pid as number), "SIGKILL");
      await exited(running.child);
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  const call = async (api: RunningApi, key: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${api.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    // biome-ignore lint/suspicious/noExplicitAny: the test reads fields of several answers' shapes
    return { status: res.status, body: (await res.json()) as any };
  };

  it("every answered execution is in the audit log after kill -9 and a restart, once", async () => {
    running = await startApi(dataDir, adminKey);
    const tenant = await call(running, adminKey, "POST", "/v1/tenants", { slug: "acme", name: "Acme" });
    expect(tenant.status).toBe(201);
    const key = tenant.body.admin_key.key as string;
    // The calculator's first call starts its process: longer than the running-row delay, so it
    // is audited straight in the database. The calls measured below are the journal's.
    const warm = { server_id: "calculator", tool: "add", arguments: { a: 0, b: 0 } };
    const warmed = await call(running, key, "POST", "/v1/mcp/execute", warm);
    expect(warmed.status).toBe(200);
    // One call that will still be running when the API dies: its `running` row is written after
    // 250 ms. (Seen through the API, which applies the journal first: done before the calls below.)
    const chaos = await call(running, adminKey, "POST", "/v1/mcp/servers", chaosServerBody("durability"));
    expect(chaos.status).toBe(201);
    void call(running, key, "POST", "/v1/mcp/execute", {
      server_id: "chaos",
      tool: "sleep",
      arguments: { ms: 60_000 },
    }).catch(() => {}); // never answered: the API is killed first
    let inFlight: { id: string; status: string } | undefined;
    for (let i = 0; i < 200 && !inFlight; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const page = await call(running, key, "GET", "/v1/mcp/executions?status=running");
      inFlight = page.body.items?.[0];
    }
    expect(inFlight?.status).toBe("running");
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      const res = await call(running, key, "POST", "/v1/mcp/execute", {
        server_id: "calculator",
        tool: i % 10 === 9 ? "no_such_tool" : "add",
        arguments: { a: i, b: 1 },
      });
      expect(res.body.execution_id).toBeTypeOf("string");
      ids.push(res.body.execution_id);
    }
    // Answered and journaled, none applied yet: the journal holds them.
    const journalDir = join(dataDir, "audit-journal");
    const journaled = readdirSync(journalDir)
      .filter((name) => name.startsWith("segment-"))
      .map((name) => readFileSync(join(journalDir, name), "utf8"))
      .join("");
    expect(ids.every((id) => journaled.includes(id))).toBe(true);

    // A crash: the API and its server processes, all at once, no shutdown.
    process.kill(-(running.child.pid as number), "SIGKILL");
    await exited(running.child);

    running = await startApi(dataDir, adminKey);
    expect(
      running.logs.some((line) => line.includes("applied the audit journal left by the previous run")),
    ).toBe(true);
    const listed = await call(running, key, "GET", "/v1/mcp/executions?page_size=100");
    expect(listed.status).toBe(200);
    const audited = (listed.body.items as { id: string; status: string }[]).filter(
      (row) => row.id !== inFlight?.id && row.id !== warmed.body.execution_id,
    );
    expect(audited.map((row) => row.id).sort()).toEqual([...ids].sort());
    // The call the crash cut short is closed, not left running forever.
    const interrupted = await call(running, key, "GET", `/v1/mcp/executions/${inFlight?.id}`);
    expect(interrupted.body).toMatchObject({ status: "cancelled", error_code: "interrupted" });
    expect(
      running.logs.some((line) => line.includes("closed executions interrupted by the previous run")),
    ).toBe(true);
    expect(audited.filter((row) => row.status === "succeeded")).toHaveLength(27);
    const calculator = await call(running, key, "GET", "/v1/mcp/servers/calculator");
    expect(calculator.body.usage.calls).toBe(31); // the warm-up call and the 30, each once

    // A graceful stop applies what waits and leaves no segment behind.
    await call(running, key, "POST", "/v1/mcp/execute", {
      server_id: "calculator",
      tool: "add",
      arguments: { a: 1, b: 1 },
    });
    process.kill(running.child.pid as number, "SIGTERM");
    expect(await exited(running.child)).toBe(0);
    expect(readdirSync(journalDir).filter((name) => name.startsWith("segment-"))).toEqual([]);
  });
});
