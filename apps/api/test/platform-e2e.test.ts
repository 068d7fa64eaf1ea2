import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { listProcesses } from "@mcp/client/stdio";
import {
  createDatabase,
  type Database,
  getExecution,
  heartbeatApiInstance,
  recordExecutionStart,
} from "@mcp/db";
import pg from "pg";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../src/config.js";
import { type Platform, startPlatform } from "../src/platform.js";
import { BUNDLED_SERVER_COMMANDS } from "../src/security/launch-policy.js";
import { chaosServerBody } from "../src/test-support/chaos-server.js";

// The whole platform as deployed: a real HTTP port, a real database (PGlite, or PostgreSQL when
// TEST_POSTGRES_URL is set, as in CI), real server processes over stdio.
const postgresUrl = process.env.TEST_POSTGRES_URL;
if (!postgresUrl && process.env.MCP_REQUIRE_SERVICES === "1") {
  throw new Error("TEST_POSTGRES_URL is required when MCP_REQUIRE_SERVICES=1");
}

const backends = [
  { name: "PGlite", url: () => Promise.resolve({ url: "memory://", drop: async () => {} }) },
  ...(postgresUrl
    ? [
        {
          name: "PostgreSQL",
          url: async () => {
            const name = `mcp_api_e2e_${process.pid}_${Date.now()}`;
            const admin = new pg.Client({ connectionString: postgresUrl });
            await admin.connect();
            await admin.query(`CREATE DATABASE ${name}`);
            await admin.end();
            const url = new URL(postgresUrl);
            url.pathname = `/${name}`;
            return {
              url: url.toString(),
              drop: async () => {
                const client = new pg.Client({ connectionString: postgresUrl });
                await client.connect();
                await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
                await client.end();
              },
            };
          },
        },
      ]
    : []),
];

function descendantsOf(pid: number): number[] {
  const all = listProcesses() ?? [];
  const found = new Set<number>([pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const proc of all) {
      if (!found.has(proc.pid) && found.has(proc.ppid) && proc.state !== "Z") {
        found.add(proc.pid);
        grew = true;
      }
    }
  }
  found.delete(pid);
  return [...found];
}

for (const backend of backends) {
  describe(`the platform end to end on ${backend.name}`, () => {
    let platform: Platform;
    let db: Database;
    let base: string;
    let closeServer: () => Promise<void>;
    let dropDatabase: () => Promise<void>;
    let dataDir: string;
    const tenants: Array<{ slug: string; key: string }> = [];

    const api = async (method: string, path: string, key: string, body?: unknown) => {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${key}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, body: (await res.json()) as any };
    };

    beforeAll(async () => {
      const database = await backend.url();
      dropDatabase = database.drop;
      dataDir = mkdtempSync(join(tmpdir(), "mcp-api-e2e-"));
      db = await createDatabase(database.url, {
        dataDir,
        encryptionKey: Buffer.alloc(32, 9).toString("base64"),
      });
      const config = {
        ...loadConfig({}),
        dataDir,
        allowedCommands: [...BUNDLED_SERVER_COMMANDS, process.execPath],
        // Fast enough for a test to see a dead instance's calls closed (PostgreSQL only).
        instanceHeartbeatMs: 200,
        instanceStaleMs: 1_000,
      };
      platform = await startPlatform(config, { database: db, logger: pino({ level: "silent" }) });
      const server = serve({ fetch: platform.app.fetch, port: 0, hostname: "127.0.0.1" });
      await new Promise<void>((ready) => server.once("listening", ready));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      closeServer = () => new Promise((done) => server.close(() => done()));
      const admin = platform.createdAdminKey!;
      for (const slug of ["t1", "t2", "t3", "t4"]) {
        const res = await api("POST", "/v1/tenants", admin, { slug, name: slug });
        tenants.push({ slug, key: res.body.admin_key.key });
      }
    }, 180_000);

    afterAll(async () => {
      await closeServer?.();
      await platform?.close({ drainTimeoutMs: 1_000 });
      await db?.close();
      await dropDatabase?.();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    it("registers, configures, executes, discovers, checks health, installs and rates", async () => {
      const [t1] = tenants;
      const created = await api("POST", "/v1/mcp/servers", t1!.key, {
        slug: "calc",
        name: "Calc",
        transport: "stdio",
        command: "mcp-server-calculator",
      });
      expect(created.status).toBe(201);
      const config = await api("POST", "/v1/mcp/configs", t1!.key, {
        server_id: "calc",
        timeout_ms: 10_000,
        tool_deny_list: ["power"],
      });
      expect(config.status).toBe(201);
      const run = await api("POST", "/v1/mcp/execute", t1!.key, {
        server_id: "calc",
        tool: "evaluate",
        arguments: { expression: "2*(3+4)" },
      });
      expect(run.status).toBe(200);
      expect(run.body.result.structuredContent.result).toBe(14);
      const denied = await api("POST", "/v1/mcp/execute", t1!.key, {
        server_id: "calc",
        tool: "power",
        arguments: { base: 2, exponent: 2 },
      });
      expect(denied.status).toBe(403);
      const list = await api("GET", "/v1/mcp/executions?server_id=calc", t1!.key);
      expect(list.body.items.map((row: { status: string }) => row.status).sort()).toEqual([
        "denied",
        "succeeded",
      ]);
      const discovered = await api("GET", "/v1/mcp/servers/calc/discover", t1!.key);
      expect(discovered.body.tools.length).toBe(6);
      const health = await api("POST", "/v1/mcp/servers/calc/health", t1!.key);
      expect(health.body).toMatchObject({ ok: true, status: "healthy" });
      const installed = await api("POST", "/v1/mcp/registry/filesystem/install", t1!.key, {
        server_slug: "files",
        values: { directory: "." },
      });
      expect(installed.status).toBe(201);
      const listing = await api("POST", "/v1/mcp/execute", t1!.key, {
        server_id: "files",
        tool: "list_allowed_directories",
      });
      expect(listing.status, JSON.stringify(listing.body)).toBe(200);
      expect(JSON.stringify(listing.body.result)).toContain(dataDir);
      const rated = await api("POST", "/v1/mcp/registry/filesystem/rate", t1!.key, { rating: 5 });
      expect(rated.body.rating_count).toBe(1);
    }, 120_000);

    it("audits a slow tool that hits its timeout, and a crashing server, then recovers", async () => {
      const [, t2] = tenants;
      // A global server: only the operator (platform admin) may point a server at a script path.
      const chaos = await api(
        "POST",
        "/v1/mcp/servers",
        platform.createdAdminKey!,
        chaosServerBody("api-e2e"),
      );
      expect(chaos.status).toBe(201);
      await api("POST", "/v1/mcp/configs", t2!.key, { server_id: "chaos", timeout_ms: 500 });
      const slow = await api("POST", "/v1/mcp/execute", t2!.key, {
        server_id: "chaos",
        tool: "sleep",
        arguments: { ms: 5_000 },
      });
      expect(slow.status).toBe(504);
      expect(slow.body).toMatchObject({ status: "timed_out", error: { code: "timeout" } });
      const crash = await api("POST", "/v1/mcp/execute", t2!.key, {
        server_id: "chaos",
        tool: "crash",
        arguments: { code: 3 },
      });
      expect(crash.status).toBe(502);
      expect(crash.body).toMatchObject({ status: "failed", error: { code: "server_unavailable" } });
      const after = await api("POST", "/v1/mcp/execute", t2!.key, {
        server_id: "chaos",
        tool: "echo",
        arguments: { text: "alive" },
      });
      expect(after.status).toBe(200);
      expect(after.body.result.content[0].text).toBe("alive");
      for (const id of [slow.body.execution_id, crash.body.execution_id]) {
        const row = await api("GET", `/v1/mcp/executions/${id}`, t2!.key);
        expect(row.body.finished_at).not.toBeNull();
      }
    }, 60_000);

    it("closes the running calls of an API instance that died, never those of a live one", async () => {
      if (backend.name !== "PostgreSQL") {
        // The embedded database has one process: no instance registry (the calls a previous run
        // left are closed at start; apps/api/test/audit-durability.test.ts).
        expect(await db.prisma.apiInstance.count()).toBe(0);
        return;
      }
      const [self] = await db.prisma.apiInstance.findMany();
      expect(self?.pid).toBe(process.pid);
      const t3 = tenants[2]!;
      // The tenant's one running row, once the running-row delay has passed.
      const runningRowOf = (tenantId: string) =>
        vi.waitFor(
          async () => {
            const row = await db.prisma.mcpToolExecution.findFirst({
              where: { tenantId, status: "running" },
            });
            expect(row).not.toBeNull();
            return row!;
          },
          { timeout: 5_000 },
        );
      // A call of this instance, running longer than the stale window (its heartbeat goes on).
      const slow = api("POST", "/v1/mcp/execute", t3.key, {
        server_id: "chaos",
        tool: "sleep",
        arguments: { ms: 1_500 },
      });
      const tenant = await db.prisma.tenant.findFirstOrThrow({ where: { slug: t3.slug } });
      const running = await runningRowOf(tenant.id);
      expect(running.instanceId).toBe(self!.id);
      // Another instance that died mid-call: its heartbeat stopped an hour ago.
      const dead = { id: "dead-instance", host: "gone", pid: 1 };
      await heartbeatApiInstance(db, dead);
      await db.query(
        `UPDATE "ApiInstance" SET "heartbeatAt" = "heartbeatAt" - interval '1 hour' WHERE "id" = $1`,
        [dead.id],
      );
      const orphan = recordExecutionStart(db, tenant.id, {
        serverId: running.serverId,
        toolName: "sleep",
        instanceId: dead.id,
      });
      await orphan.done;
      await vi.waitFor(
        async () =>
          expect(await getExecution(db, tenant.id, orphan.id)).toMatchObject({
            status: "cancelled",
            errorCode: "interrupted",
          }),
        { timeout: 5_000 },
      );
      const answered = await slow;
      expect(answered.status).toBe(200);
      expect(await getExecution(db, tenant.id, running.id)).toMatchObject({ status: "succeeded" });
      expect((await db.prisma.apiInstance.findMany()).map((row) => row.id)).toEqual([self!.id]);

      // Had this instance been judged dead while a call ran (a paused VM), its late finish is
      // refused by the closed row: the caller still gets the answer, the row stays interrupted.
      const late = api("POST", "/v1/mcp/execute", t3.key, {
        server_id: "chaos",
        tool: "sleep",
        arguments: { ms: 800 },
      });
      const judged = await runningRowOf(tenant.id);
      await db.prisma.mcpToolExecution.update({
        where: { id: judged.id },
        data: { status: "cancelled", errorCode: "interrupted", finishedAt: new Date() },
      });
      expect((await late).status).toBe(200);
      expect(await getExecution(db, tenant.id, judged.id)).toMatchObject({
        status: "cancelled",
        errorCode: "interrupted",
      });
    }, 60_000);

    it("200 concurrent executions across tenants: every one answered and audited", async () => {
      await platform.executor.flushAudit();
      const before = await db.prisma.mcpToolExecution.count();
      const calls = Array.from({ length: 200 }, (_, i) => {
        const tenant = tenants[i % tenants.length]!;
        return api("POST", "/v1/mcp/execute", tenant.key, {
          server_id: "calculator",
          tool: "add",
          arguments: { a: i, b: 1 },
        });
      });
      const results = await Promise.all(calls);
      expect(results.map((r) => r.status).filter((status) => status !== 200)).toEqual([]);
      for (const [i, r] of results.entries()) expect(r.body.result.structuredContent.result).toBe(i + 1);
      // On PGlite the rows wait in the audit journal (on disk since each answer) until applied.
      await platform.executor.flushAudit();
      expect(await db.prisma.mcpToolExecution.count()).toBe(before + 200);
      expect(await db.prisma.mcpToolExecution.count({ where: { status: "running" } })).toBe(0);
      // One calculator process per tenant, never shared.
      const calculatorTenants = new Set(
        platform.runtime.pool
          .stats()
          .filter((stats) => stats.state === "ready")
          .map((stats) => stats.tenant),
      );
      expect(calculatorTenants.size).toBeGreaterThanOrEqual(tenants.length);
    }, 120_000);

    it("leaves no server process behind when it shuts down", async () => {
      expect(descendantsOf(process.pid).length).toBeGreaterThan(0);
      await platform.close({ drainTimeoutMs: 1_000 });
      const deadline = Date.now() + 5_000;
      while (descendantsOf(process.pid).length > 0 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      expect(descendantsOf(process.pid)).toEqual([]);
    }, 30_000);
  });
}
