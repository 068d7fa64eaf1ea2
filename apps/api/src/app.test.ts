import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ApiFixture,
  createApiFixture,
  createKeyViaApi,
  createTenantViaApi,
} from "./test-support/api-fixture.js";

let fixture: ApiFixture;
let acme: { id: string; slug: string; adminKey: string };
let memberKey: string;
let readOnlyKey: string;

beforeAll(async () => {
  fixture = await createApiFixture();
  acme = await createTenantViaApi(fixture, "acme");
  memberKey = await createKeyViaApi(fixture, acme.adminKey, "member");
  readOnlyKey = await createKeyViaApi(fixture, acme.adminKey, "read-only");
}, 120_000);

afterAll(async () => {
  await fixture?.close();
});

describe("unauthenticated routes", () => {
  it("GET /health reports liveness and the database", async () => {
    const res = await fixture.call("GET", "/health", { key: "" });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe("ok");
    expect(res.body.database.ok).toBe(true);
    expect(res.body.database.provider).toBe("pglite");
  });

  it("GET /openapi.json is OpenAPI 3.1 with every /v1 route and the request schemas", async () => {
    const res = await fixture.call("GET", "/openapi.json", { key: "" });
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe("3.1.0");
    const paths = Object.keys(res.body.paths);
    for (const path of [
      "/v1/tenants",
      "/v1/api-keys",
      "/v1/agents",
      "/v1/mcp/servers",
      "/v1/mcp/servers/{id}",
      "/v1/mcp/servers/{id}/discover",
      "/v1/mcp/servers/{id}/health",
      "/v1/mcp/configs",
      "/v1/mcp/configs/{id}",
      "/v1/mcp/execute",
      "/v1/mcp/executions",
      "/v1/mcp/executions/{id}",
      "/v1/mcp/registry",
      "/v1/mcp/registry/{slug}",
      "/v1/mcp/registry/{slug}/install",
      "/v1/mcp/registry/{slug}/rate",
      "/health",
    ]) {
      expect(paths).toContain(path);
    }
    const execute = res.body.paths["/v1/mcp/execute"].post.requestBody.content["application/json"].schema;
    const resolved = execute.$ref ? res.body.components.schemas[execute.$ref.split("/").pop()] : execute;
    expect(resolved.required).toEqual(expect.arrayContaining(["server_id", "tool"]));
    expect(resolved.additionalProperties).toBe(false);
  });

  it("GET /docs serves the interactive API reference", async () => {
    const res = await fixture.platform.app.request("/docs");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("/openapi.json");
  });
});

describe("authentication", () => {
  it("refuses a missing key with 401 and a WWW-Authenticate challenge", async () => {
    const res = await fixture.platform.app.request("/v1/mcp/servers");
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toContain("Bearer");
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
  });

  it("refuses an unknown key, a malformed header and a revoked key", async () => {
    expect((await fixture.call("GET", "/v1/mcp/servers", { key: "mcp_not-a-real-key" })).status).toBe(401);
    const malformed = await fixture.platform.app.request("/v1/mcp/servers", {
      headers: { authorization: `Basic ${acme.adminKey}` },
    });
    expect(malformed.status).toBe(401);
    const created = await fixture.call("POST", "/v1/api-keys", {
      key: acme.adminKey,
      body: { name: "short-lived", role: "member" },
    });
    expect(created.status).toBe(201);
    expect((await fixture.call("GET", "/v1/agents", { key: created.body.key })).status).toBe(200);
    const revoked = await fixture.call("DELETE", `/v1/api-keys/${created.body.api_key.id}`, {
      key: acme.adminKey,
    });
    expect(revoked.status).toBe(204);
    expect((await fixture.call("GET", "/v1/agents", { key: created.body.key })).status).toBe(401);
  });

  it("refuses an unknown or differently-cased role when creating a key", async () => {
    for (const role of ["owner", "Admin", "READ-ONLY", "read_only"]) {
      const res = await fixture.call("POST", "/v1/api-keys", {
        key: acme.adminKey,
        body: { name: "x", role },
      });
      expect(res.status, role).toBe(400);
      expect(res.body.error.details.issues[0].field).toBe("json.role");
    }
  });

  it("an expired key is refused", async () => {
    const created = await fixture.call("POST", "/v1/api-keys", {
      key: acme.adminKey,
      body: { name: "expired", role: "member", expires_at: new Date(Date.now() - 1000).toISOString() },
    });
    expect(created.status).toBe(201);
    expect((await fixture.call("GET", "/v1/agents", { key: created.body.key })).status).toBe(401);
  });

  it("lists keys without their secrets", async () => {
    const res = await fixture.call("GET", "/v1/api-keys", { key: acme.adminKey });
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThanOrEqual(3);
    const text = JSON.stringify(res.body);
    expect(text).not.toContain(memberKey);
    expect(text).not.toContain("hash");
    expect(res.body.items.map((key: { role: string }) => key.role)).toEqual(
      expect.arrayContaining(["admin", "member", "read-only"]),
    );
  });
});

describe("roles", () => {
  it("only platform admins create and list tenants", async () => {
    const res = await fixture.call("POST", "/v1/tenants", {
      key: acme.adminKey,
      body: { slug: "evil", name: "Evil" },
    });
    expect(res.status).toBe(403);
    expect((await fixture.call("GET", "/v1/tenants", { key: memberKey })).status).toBe(403);
    const list = await fixture.call("GET", "/v1/tenants");
    expect(list.status).toBe(200);
    expect(list.body.items.map((tenant: { slug: string }) => tenant.slug)).toContain("acme");
  });

  it("members cannot create keys or agents; read-only keys cannot execute", async () => {
    expect(
      (await fixture.call("POST", "/v1/api-keys", { key: memberKey, body: { name: "x", role: "admin" } }))
        .status,
    ).toBe(403);
    expect((await fixture.call("POST", "/v1/agents", { key: memberKey, body: { name: "bot" } })).status).toBe(
      403,
    );
    const execute = await fixture.call("POST", "/v1/mcp/execute", {
      key: readOnlyKey,
      body: { server_id: "calculator", tool: "add", arguments: { a: 1, b: 2 } },
    });
    expect(execute.status).toBe(403);
    expect(execute.body.error.message).toContain("member");
  });

  it("read-only keys can read", async () => {
    expect((await fixture.call("GET", "/v1/mcp/servers", { key: readOnlyKey })).status).toBe(200);
    expect((await fixture.call("GET", "/v1/mcp/executions", { key: readOnlyKey })).status).toBe(200);
    expect((await fixture.call("GET", "/v1/mcp/registry", { key: readOnlyKey })).status).toBe(200);
  });

  it("a platform admin must name the tenant it acts in", async () => {
    const res = await fixture.call("GET", "/v1/agents");
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("tenant_required");
    expect((await fixture.call("GET", "/v1/agents", { tenant: "acme" })).status).toBe(200);
    expect((await fixture.call("GET", "/v1/agents", { tenant: "no-such-tenant" })).status).toBe(404);
  });

  it("a tenant key cannot name another tenant", async () => {
    await createTenantViaApi(fixture, "other");
    const res = await fixture.call("GET", "/v1/agents", { key: acme.adminKey, tenant: "other" });
    expect(res.status).toBe(403);
  });
});

describe("agents", () => {
  it("creates, lists, gets and deletes an agent", async () => {
    const created = await fixture.call("POST", "/v1/agents", {
      key: acme.adminKey,
      body: { name: "analyst", description: "Reads data" },
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(
      (await fixture.call("GET", "/v1/agents", { key: memberKey })).body.items.map(
        (a: { id: string }) => a.id,
      ),
    ).toContain(id);
    expect((await fixture.call("GET", `/v1/agents/${id}`, { key: memberKey })).body.name).toBe("analyst");
    expect(
      (await fixture.call("POST", "/v1/agents", { key: acme.adminKey, body: { name: "analyst" } })).status,
    ).toBe(409);
    expect((await fixture.call("DELETE", `/v1/agents/${id}`, { key: acme.adminKey })).status).toBe(204);
    expect((await fixture.call("GET", `/v1/agents/${id}`, { key: memberKey })).status).toBe(404);
  });
});

describe("validation", () => {
  it("answers 400 naming the failing field and the reason", async () => {
    const res = await fixture.call("POST", "/v1/mcp/execute", {
      key: memberKey,
      body: { server_id: "calculator", tool: 42 },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_error");
    expect(res.body.error.details.issues).toEqual([expect.objectContaining({ field: "json.tool" })]);
  });

  it("refuses unknown fields", async () => {
    const res = await fixture.call("POST", "/v1/agents", {
      key: acme.adminKey,
      body: { name: "x", admin: true },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain("admin");
  });

  it("refuses a body that is not JSON", async () => {
    const res = await fixture.call("POST", "/v1/agents", { key: acme.adminKey, rawBody: "{not json" });
    expect(res.status).toBe(400);
  });

  it("refuses bodies over the size limit", async () => {
    const res = await fixture.call("POST", "/v1/agents", {
      key: acme.adminKey,
      body: { name: "x", description: "y".repeat(2 * 1024 * 1024) },
    });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe("payload_too_large");
  });

  it("answers unknown routes with a JSON 404", async () => {
    const res = await fixture.call("GET", "/v1/nope");
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("not_found");
  });
});
