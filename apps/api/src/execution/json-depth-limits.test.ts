import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUNDLED_SERVER_COMMANDS } from "../security/launch-policy.js";
import { type ApiFixture, createApiFixture, createTenantViaApi } from "../test-support/api-fixture.js";
import { chaosServerBody } from "../test-support/chaos-server.js";
import { MAX_JSON_DEPTH } from "./json-depth.js";

const nested = (levels: number) => {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = { k: value };
  return value as Record<string, unknown>;
};

// Arguments and results are stored as jsonb; JSON nested thousands of levels deep would fail the
// audit write on PostgreSQL and stop the embedded PGlite. Both are refused at MAX_JSON_DEPTH.
describe("JSON nesting limits on tool calls", { timeout: 120_000 }, () => {
  let fixture: ApiFixture;
  let key: string;

  beforeAll(async () => {
    fixture = await createApiFixture({ allowedCommands: [...BUNDLED_SERVER_COMMANDS, process.execPath] });
    key = (await createTenantViaApi(fixture, "deep")).adminKey;
    expect(
      (await fixture.call("POST", "/v1/mcp/servers", { body: chaosServerBody("depth-test") })).status,
    ).toBe(201);
  }, 300_000);
  afterAll(async () => {
    await fixture?.close();
  });

  const execute = (tool: string, args: Record<string, unknown>) =>
    fixture.call("POST", "/v1/mcp/execute", { key, body: { server_id: "chaos", tool, arguments: args } });

  it("arguments nested deeper than the limit are a 400 naming the field; at the limit they pass", async () => {
    // Written as text: JSON.stringify itself would overflow the stack on it.
    const levels = 100_000;
    const deep = await fixture.call("POST", "/v1/mcp/execute", {
      key,
      rawBody: `{"server_id":"chaos","tool":"echo","arguments":{"text":"x","extra":${'{"k":'.repeat(levels)}1${"}".repeat(levels)}}}`,
    });
    expect(deep.status).toBe(400);
    expect(JSON.stringify(deep.body)).toContain("arguments");
    expect(JSON.stringify(deep.body)).toContain(`deeper than ${MAX_JSON_DEPTH} levels`);

    const atLimit = await execute("echo", { text: "x", extra: nested(MAX_JSON_DEPTH - 1) });
    expect(atLimit.status).toBe(200);
    const row = await fixture.call("GET", `/v1/mcp/executions/${atLimit.body.execution_id}`, { key });
    expect(row.status).toBe(200);
    expect(JSON.stringify(row.body.arguments)).toContain('"k":1');
  });

  it("a result nested deeper than the limit is a 502 output error, audited without the result", async () => {
    const deep = await execute("nest", { depth: 1_000 });
    expect(deep.status).toBe(502);
    expect(deep.body.error).toMatchObject({ code: "output_too_deep" });
    const row = await fixture.call("GET", `/v1/mcp/executions/${deep.body.execution_id}`, { key });
    expect(row.body).toMatchObject({ status: "failed", error_code: "output_too_deep", result: null });

    const fine = await execute("nest", { depth: 20 });
    expect(fine.status).toBe(200);
    expect(fine.body.result.structuredContent.level).toBeDefined();
  });
});
