import { upsertServerConfig } from "@mcp/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiFixture, createApiFixture, createTenantViaApi } from "../test-support/api-fixture.js";

// The platform cache as the API uses it: this process's writes are seen by the next request;
// writes it did not make (another instance, a script) only after the TTL or its next write.
describe("cache invalidation through the API", { timeout: 120_000 }, () => {
  let fixture: ApiFixture;
  let tenant: { id: string; slug: string; adminKey: string };
  const add = { server_id: "calculator", tool: "add", arguments: { a: 1, b: 2 } };

  beforeAll(async () => {
    fixture = await createApiFixture({ cacheTtlMs: 60_000 });
    tenant = await createTenantViaApi(fixture, "cached");
  }, 300_000);
  afterAll(async () => {
    await fixture?.close();
  });

  it("an agent deleted through the API is refused by the next execution", async () => {
    const agent = await fixture.call("POST", "/v1/agents", { key: tenant.adminKey, body: { name: "bot" } });
    const before = await fixture.call("POST", "/v1/mcp/execute", {
      key: tenant.adminKey,
      body: { ...add, agent_id: agent.body.id },
    });
    expect(before.status).toBe(200);
    const deleted = await fixture.call("DELETE", `/v1/agents/${agent.body.id}`, { key: tenant.adminKey });
    expect(deleted.status).toBe(204);
    const after = await fixture.call("POST", "/v1/mcp/execute", {
      key: tenant.adminKey,
      body: { ...add, agent_id: agent.body.id },
    });
    expect(after.status).toBe(404);
  });

  it("a change made outside this process waits for the TTL or this process's next write", async () => {
    const first = await fixture.call("POST", "/v1/mcp/execute", { key: tenant.adminKey, body: add });
    expect(first.status).toBe(200);
    const calculator = await fixture.call("GET", "/v1/mcp/servers/calculator", { key: tenant.adminKey });
    // As another instance would: straight to the database.
    await upsertServerConfig(fixture.db, tenant.id, { serverId: calculator.body.id, toolDenyList: ["add"] });
    const stale = await fixture.call("POST", "/v1/mcp/execute", { key: tenant.adminKey, body: add });
    expect(stale.status).toBe(200);
    // A request without a valid key wrote nothing and does not flush the cache.
    const refused = await fixture.call("POST", "/v1/agents", {
      key: "mcp_not-a-key-but-long-enough-to-look-like-one",
      body: { name: "x" },
    });
    expect(refused.status).toBe(401);
    expect((await fixture.call("POST", "/v1/mcp/execute", { key: tenant.adminKey, body: add })).status).toBe(
      200,
    );
    const write = await fixture.call("POST", "/v1/agents", { key: tenant.adminKey, body: { name: "other" } });
    expect(write.status).toBe(201);
    const fresh = await fixture.call("POST", "/v1/mcp/execute", { key: tenant.adminKey, body: add });
    expect(fresh.status).toBe(403);
    expect(fresh.body.error.rule).toBe("toolDenyList");
    const audited = await fixture.call("GET", "/v1/mcp/executions?status=denied", { key: tenant.adminKey });
    expect(audited.body.items.map((row: { id: string }) => row.id)).toContain(fresh.body.execution_id);
  });
});
