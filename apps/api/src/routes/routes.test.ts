import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ApiFixture,
  createApiFixture,
  createKeyViaApi,
  createTenantViaApi,
} from "../test-support/api-fixture.js";

let fixture: ApiFixture;
let acme: { id: string; slug: string; adminKey: string };
let globex: { id: string; slug: string; adminKey: string };
let acmeMember: string;

beforeAll(async () => {
  fixture = await createApiFixture();
  acme = await createTenantViaApi(fixture, "acme");
  globex = await createTenantViaApi(fixture, "globex");
  acmeMember = await createKeyViaApi(fixture, acme.adminKey, "member");
}, 120_000);

afterAll(async () => {
  await fixture?.close();
});

const execute = (key: string, body: Record<string, unknown>) =>
  fixture.call("POST", "/v1/mcp/execute", { key, body });

describe("servers", () => {
  it("lists the seeded global servers to every tenant", async () => {
    const res = await fixture.call("GET", "/v1/mcp/servers", { key: acmeMember });
    expect(res.status).toBe(200);
    const slugs = res.body.items.map((server: { slug: string }) => server.slug);
    expect(slugs).toEqual(expect.arrayContaining(["calculator", "database", "filesystem"]));
    expect(res.body.items.every((server: { global: boolean }) => server.global)).toBe(true);
  });

  it("registers a tenant server and never returns its secrets", async () => {
    const res = await fixture.call("POST", "/v1/mcp/servers", {
      key: acme.adminKey,
      body: {
        slug: "calc2",
        name: "My calculator",
        transport: "stdio",
        command: "mcp-server-calculator",
        env: { API_TOKEN: "s3cret-value" },
      },
    });
    expect(res.status).toBe(201);
    expect(res.body.env_keys).toEqual(["API_TOKEN"]);
    expect(JSON.stringify(res.body)).not.toContain("s3cret-value");
    const got = await fixture.call("GET", `/v1/mcp/servers/${res.body.id}`, { key: acmeMember });
    expect(got.status).toBe(200);
    expect(JSON.stringify(got.body)).not.toContain("s3cret-value");
    const raw = await fixture.db.prisma.mcpServer.findUniqueOrThrow({ where: { id: res.body.id } });
    expect(JSON.stringify(raw)).not.toContain("s3cret-value");
  });

  it("refuses commands outside the allow list, evaluator flags and dangerous environment keys", async () => {
    const attempts = [
      [{ command: "bash", args: ["-c", "id"] }, "command"],
      [
        { command: "mcp-server-calculator", env: { NODE_OPTIONS: "--require /tmp/x.js" } },
        "env.NODE_OPTIONS",
      ],
      [{ command: "mcp-server-calculator", env: { LD_PRELOAD: "/tmp/x.so" } }, "env.LD_PRELOAD"],
      [{ command: "mcp-server-calculator", env: { PATH: "/tmp" } }, "env.PATH"],
    ] as const;
    for (const [launch, field] of attempts) {
      const res = await fixture.call("POST", "/v1/mcp/servers", {
        key: acme.adminKey,
        body: { slug: "bad", name: "Bad", transport: "stdio", ...launch },
      });
      expect(res.status, field).toBe(403);
      expect(res.body.error.code).toBe("launch_refused");
      expect(res.body.error.details.field).toBe(field);
    }
    const servers = await fixture.call("GET", "/v1/mcp/servers", { key: acme.adminKey });
    expect(servers.body.items.map((server: { slug: string }) => server.slug)).not.toContain("bad");
  });

  it("refuses HTTP servers on loopback or private addresses", async () => {
    for (const url of [
      "http://127.0.0.1:5432/mcp",
      "http://169.254.169.254/latest",
      "http://localhost/mcp",
      "http://[::1]/mcp",
      "file:///etc/passwd",
    ]) {
      const res = await fixture.call("POST", "/v1/mcp/servers", {
        key: acme.adminKey,
        body: { slug: "remote", name: "Remote", transport: "streamable_http", url },
      });
      expect(res.status, url).toBe(403);
      expect(res.body.error.details.field).toBe("url");
    }
  });

  it("lets only admins register, and only platform admins register global servers", async () => {
    const body = { slug: "m1", name: "M", transport: "stdio", command: "mcp-server-calculator" };
    expect((await fixture.call("POST", "/v1/mcp/servers", { key: acmeMember, body })).status).toBe(403);
    const global = await fixture.call("POST", "/v1/mcp/servers", {
      key: acme.adminKey,
      body: { ...body, global: true },
    });
    expect(global.status).toBe(403);
  });

  it("refuses a duplicate slug with 409", async () => {
    const body = { slug: "dup", name: "D", transport: "stdio", command: "mcp-server-calculator" };
    expect((await fixture.call("POST", "/v1/mcp/servers", { key: acme.adminKey, body })).status).toBe(201);
    expect((await fixture.call("POST", "/v1/mcp/servers", { key: acme.adminKey, body })).status).toBe(409);
  });

  it("filters and paginates the list", async () => {
    const page = await fixture.call("GET", "/v1/mcp/servers?page=1&page_size=2", { key: acmeMember });
    expect(page.body.items).toHaveLength(2);
    expect(page.body.total).toBeGreaterThan(2);
    const search = await fixture.call("GET", "/v1/mcp/servers?search=calcul", { key: acmeMember });
    expect(search.body.items.map((server: { slug: string }) => server.slug).sort()).toEqual([
      "calc2",
      "calculator",
    ]);
    const http = await fixture.call("GET", "/v1/mcp/servers?transport=streamable_http", { key: acmeMember });
    expect(http.body.items).toEqual([]);
    expect((await fixture.call("GET", "/v1/mcp/servers?page_size=1000", { key: acmeMember })).status).toBe(
      400,
    );
  });

  it("patches and soft-deletes a tenant server; a tenant cannot change a global one", async () => {
    const created = await fixture.call("POST", "/v1/mcp/servers", {
      key: acme.adminKey,
      body: { slug: "tmp", name: "Tmp", transport: "stdio", command: "mcp-server-calculator" },
    });
    const patched = await fixture.call("PATCH", `/v1/mcp/servers/${created.body.id}`, {
      key: acme.adminKey,
      body: { name: "Renamed" },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.name).toBe("Renamed");
    const refused = await fixture.call("PATCH", `/v1/mcp/servers/${created.body.id}`, {
      key: acme.adminKey,
      body: { command: "sh" },
    });
    expect(refused.status).toBe(403);
    expect(
      (await fixture.call("DELETE", `/v1/mcp/servers/${created.body.id}`, { key: acme.adminKey })).status,
    ).toBe(204);
    expect(
      (await fixture.call("GET", `/v1/mcp/servers/${created.body.id}`, { key: acme.adminKey })).status,
    ).toBe(404);
    expect(await fixture.db.prisma.mcpServer.count({ where: { id: created.body.id } })).toBe(1);
    const global = await fixture.call("PATCH", "/v1/mcp/servers/calculator", {
      key: acme.adminKey,
      body: { name: "Mine" },
    });
    expect(global.status).toBe(403);
  });

  it("discovers the live server's tools", async () => {
    const res = await fixture.call("GET", "/v1/mcp/servers/calculator/discover", { key: acmeMember });
    expect(res.status).toBe(200);
    const names = res.body.tools.map((tool: { name: string }) => tool.name);
    expect(names).toEqual(
      expect.arrayContaining(["add", "subtract", "multiply", "divide", "power", "evaluate"]),
    );
    expect(res.body.protocol_version).toBe("2025-11-25");
  }, 60_000);

  it("checks health now", async () => {
    const res = await fixture.call("POST", "/v1/mcp/servers/calculator/health", { key: acmeMember });
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(true);
  }, 60_000);
});

describe("execute and the audit log", () => {
  it("executes the calculator's add and audits it before answering", async () => {
    const res = await execute(acmeMember, {
      server_id: "calculator",
      tool: "add",
      arguments: { a: 2, b: 3 },
    });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe("succeeded");
    expect(res.body.result.structuredContent).toEqual({ result: 5 });
    const row = await fixture.call("GET", `/v1/mcp/executions/${res.body.execution_id}`, { key: acmeMember });
    expect(row.status).toBe(200);
    expect(row.body).toMatchObject({
      tool: "add",
      status: "succeeded",
      is_error: false,
      arguments: { a: 2, b: 3 },
    });
  }, 60_000);

  it("returns a tool error as is_error with status failed, audited", async () => {
    const res = await execute(acmeMember, {
      server_id: "calculator",
      tool: "divide",
      arguments: { a: 1, b: 0 },
    });
    expect(res.status).toBe(200);
    expect(res.body.is_error).toBe(true);
    expect(res.body.status).toBe("failed");
    const row = await fixture.call("GET", `/v1/mcp/executions/${res.body.execution_id}`, { key: acmeMember });
    expect(row.body).toMatchObject({ status: "failed", is_error: true, error_code: "tool_error" });
  });

  it("answers an unknown server with 404", async () => {
    expect((await execute(acmeMember, { server_id: "nope", tool: "add" })).status).toBe(404);
  });

  it("refuses a denied tool with 403 naming the rule, and audits the denial", async () => {
    const config = await fixture.call("POST", "/v1/mcp/configs", {
      key: acme.adminKey,
      body: { server_id: "calculator", tool_deny_list: ["power"] },
    });
    expect(config.status).toBe(201);
    const res = await execute(acmeMember, {
      server_id: "calculator",
      tool: "power",
      arguments: { base: 2, exponent: 3 },
    });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({
      status: "denied",
      error: { code: "tool_denied", rule: "toolDenyList" },
    });
    const row = await fixture.call("GET", `/v1/mcp/executions/${res.body.execution_id}`, { key: acmeMember });
    expect(row.body.status).toBe("denied");
  });

  it("refuses a tool outside the allow list, and a disabled server", async () => {
    const list = await fixture.call("GET", "/v1/mcp/configs?server_id=calculator", { key: acmeMember });
    const id = list.body.items[0].id;
    await fixture.call("PATCH", `/v1/mcp/configs/${id}`, {
      key: acme.adminKey,
      body: { tool_allow_list: ["add"] },
    });
    const outside = await execute(acmeMember, {
      server_id: "calculator",
      tool: "multiply",
      arguments: { a: 2, b: 3 },
    });
    expect(outside.status).toBe(403);
    expect(outside.body.error.rule).toBe("toolAllowList");
    await fixture.call("PATCH", `/v1/mcp/configs/${id}`, { key: acme.adminKey, body: { enabled: false } });
    const disabled = await execute(acmeMember, {
      server_id: "calculator",
      tool: "add",
      arguments: { a: 2, b: 3 },
    });
    expect(disabled.status).toBe(403);
    expect(disabled.body.error.rule).toBe("enabled");
    const restored = await fixture.call("PATCH", `/v1/mcp/configs/${id}`, {
      key: acme.adminKey,
      body: { enabled: null, tool_allow_list: null, tool_deny_list: null },
    });
    expect(restored.status).toBe(200);
    expect(
      (await execute(acmeMember, { server_id: "calculator", tool: "multiply", arguments: { a: 2, b: 3 } }))
        .status,
    ).toBe(200);
  });

  it("lets an agent's configuration override the tenant's", async () => {
    const agent = await fixture.call("POST", "/v1/agents", {
      key: acme.adminKey,
      body: { name: "restricted-bot" },
    });
    await fixture.call("POST", "/v1/mcp/configs", {
      key: acme.adminKey,
      body: { server_id: "calculator", agent_id: agent.body.id, tool_allow_list: ["subtract"] },
    });
    const asAgent = await execute(acmeMember, {
      server_id: "calculator",
      tool: "add",
      agent_id: agent.body.id,
      arguments: { a: 1, b: 1 },
    });
    expect(asAgent.status).toBe(403);
    const allowed = await execute(acmeMember, {
      server_id: "calculator",
      tool: "subtract",
      agent_id: agent.body.id,
      arguments: { a: 5, b: 1 },
    });
    expect(allowed.status).toBe(200);
    expect(allowed.body.result.structuredContent.result).toBe(4);
    expect(
      (await execute(acmeMember, { server_id: "calculator", tool: "add", arguments: { a: 1, b: 1 } })).status,
    ).toBe(200);
  });

  it("applies calls per minute with 429 naming the rule", async () => {
    const created = await fixture.call("POST", "/v1/mcp/servers", {
      key: acme.adminKey,
      body: { slug: "limited", name: "Limited", transport: "stdio", command: "mcp-server-calculator" },
    });
    await fixture.call("POST", "/v1/mcp/configs", {
      key: acme.adminKey,
      body: { server_id: created.body.id, calls_per_minute: 2 },
    });
    const call = () => execute(acmeMember, { server_id: "limited", tool: "add", arguments: { a: 1, b: 1 } });
    expect((await call()).status).toBe(200);
    expect((await call()).status).toBe(200);
    const third = await call();
    expect(third.status).toBe(429);
    expect(third.body.error.rule).toBe("callsPerMinute");
  }, 60_000);

  it("lists executions with filters and cursor pagination", async () => {
    const failed = await fixture.call("GET", "/v1/mcp/executions?status=denied", { key: acmeMember });
    expect(failed.body.items.length).toBeGreaterThan(0);
    expect(failed.body.items.every((row: { status: string }) => row.status === "denied")).toBe(true);
    const adds = await fixture.call("GET", "/v1/mcp/executions?tool=add&page_size=1", { key: acmeMember });
    expect(adds.body.items).toHaveLength(1);
    expect(adds.body.next_cursor).toBeTruthy();
    const next = await fixture.call(
      "GET",
      `/v1/mcp/executions?tool=add&page_size=1&cursor=${adds.body.next_cursor}`,
      { key: acmeMember },
    );
    expect(next.body.items[0].id).not.toBe(adds.body.items[0].id);
    const since = await fixture.call(
      "GET",
      `/v1/mcp/executions?since=${new Date(Date.now() + 60_000).toISOString()}`,
      { key: acmeMember },
    );
    expect(since.body.items).toEqual([]);
  });

  it("refuses a config with a dangerous environment override", async () => {
    const res = await fixture.call("POST", "/v1/mcp/configs", {
      key: acme.adminKey,
      body: { server_id: "dup", env_overrides: { NODE_OPTIONS: "--inspect" } },
    });
    expect(res.status).toBe(403);
    expect(res.body.error.details.field).toBe("env.NODE_OPTIONS");
  });
});

describe("tenant isolation", () => {
  it("another tenant's server, config, agent and execution are 404 on every route", async () => {
    const server = await fixture.call("POST", "/v1/mcp/servers", {
      key: acme.adminKey,
      body: { slug: "private", name: "Private", transport: "stdio", command: "mcp-server-calculator" },
    });
    const config = await fixture.call("POST", "/v1/mcp/configs", {
      key: acme.adminKey,
      body: { server_id: server.body.id, timeout_ms: 5000 },
    });
    const agent = await fixture.call("POST", "/v1/agents", {
      key: acme.adminKey,
      body: { name: "secret-agent" },
    });
    const run = await execute(acmeMember, {
      server_id: server.body.id,
      tool: "add",
      arguments: { a: 1, b: 2 },
    });
    expect(run.status).toBe(200);

    const other = globex.adminKey;
    const checks: Array<[string, string, unknown?]> = [
      ["GET", `/v1/mcp/servers/${server.body.id}`],
      ["PATCH", `/v1/mcp/servers/${server.body.id}`, { name: "pwned" }],
      ["DELETE", `/v1/mcp/servers/${server.body.id}`],
      ["GET", `/v1/mcp/servers/${server.body.id}/discover`],
      ["POST", `/v1/mcp/servers/${server.body.id}/health`],
      ["GET", `/v1/mcp/configs/${config.body.id}`],
      ["PATCH", `/v1/mcp/configs/${config.body.id}`, { enabled: false }],
      ["GET", `/v1/mcp/configs?server_id=${server.body.id}`],
      ["GET", `/v1/agents/${agent.body.id}`],
      ["DELETE", `/v1/agents/${agent.body.id}`],
      ["GET", `/v1/mcp/executions/${run.body.execution_id}`],
      ["GET", `/v1/mcp/executions?server_id=${server.body.id}`],
      ["POST", "/v1/mcp/execute", { server_id: server.body.id, tool: "add", arguments: { a: 1, b: 2 } }],
      ["POST", "/v1/mcp/configs", { server_id: server.body.id }],
    ];
    for (const [method, path, body] of checks) {
      const res = await fixture.call(method, path, { key: other, ...(body ? { body } : {}) });
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    const list = await fixture.call("GET", "/v1/mcp/executions", { key: other });
    expect(list.body.items.map((row: { id: string }) => row.id)).not.toContain(run.body.execution_id);
    const servers = await fixture.call("GET", "/v1/mcp/servers", { key: other });
    expect(servers.body.items.map((row: { slug: string }) => row.slug)).not.toContain("private");
    // Nothing changed for the owner.
    expect(
      (await fixture.call("GET", `/v1/mcp/servers/${server.body.id}`, { key: acmeMember })).body.name,
    ).toBe("Private");
  }, 60_000);
});

describe("tenant scope of server launches", () => {
  it("refuses a tenant server pointed at host files, the platform's data or private databases", async () => {
    const attempts: Array<[Record<string, unknown>, string]> = [
      [{ command: "mcp-server-filesystem", args: ["/etc"] }, "args[0]"],
      [{ command: "mcp-server-filesystem", args: [fixture.dataDir] }, "args[0]"],
      [{ command: "mcp-server-filesystem", args: ["../../"] }, "args[0]"],
      [{ command: "mcp-server-database", args: [`sqlite:${fixture.dataDir}/demo.sqlite`] }, "args[0]"],
      [{ command: "mcp-server-database", args: ["postgres://postgres@127.0.0.1:5432/test"] }, "args[0]"],
      [{ command: "mcp-server-database", env: { DATABASE_URL: "sqlite:/etc/shadow" } }, "env.DATABASE_URL"],
      [{ command: "mcp-server-filesystem", args: ["--transport", "http"] }, "args[0]"],
      [{ command: "mcp-server-filesystem", cwd: "/" }, "cwd"],
    ];
    for (const [launch, field] of attempts) {
      const res = await fixture.call("POST", "/v1/mcp/servers", {
        key: acme.adminKey,
        body: { slug: "escape", name: "Escape", transport: "stdio", ...launch },
      });
      expect(res.status, JSON.stringify(launch)).toBe(403);
      expect(res.body.error.details.field).toBe(field);
    }
    const install = await fixture.call("POST", "/v1/mcp/registry/filesystem/install", {
      key: acme.adminKey,
      body: { server_slug: "etc", values: { directory: "/etc" } },
    });
    expect(install.status).toBe(403);
    const override = await fixture.call("POST", "/v1/mcp/configs", {
      key: globex.adminKey,
      body: { server_id: "database", env_overrides: { DATABASE_URL: "sqlite:/etc/passwd" } },
    });
    expect(override.status).toBe(403);
  });

  it("gives each tenant its own directory on the global filesystem server", async () => {
    const write = await execute(acmeMember, {
      server_id: "filesystem",
      tool: "write_file",
      arguments: { path: "acme-secret.txt", content: "acme only" },
    });
    expect(write.status, JSON.stringify(write.body)).toBe(200);
    expect(write.body.is_error).toBe(false);
    const read = await execute(globex.adminKey, {
      server_id: "filesystem",
      tool: "read_text_file",
      arguments: { path: "acme-secret.txt" },
    });
    expect(read.body.is_error).toBe(true);
    const dirs = await execute(globex.adminKey, {
      server_id: "filesystem",
      tool: "list_allowed_directories",
    });
    expect(JSON.stringify(dirs.body.result)).toContain(globex.id);
    expect(JSON.stringify(dirs.body.result)).not.toContain(acme.id);
  }, 60_000);
});

describe("registry", () => {
  it("lists the marketplace with featured entries first, and gets one", async () => {
    const res = await fixture.call("GET", "/v1/mcp/registry", { key: acmeMember });
    expect(res.status).toBe(200);
    expect(res.body.items.map((entry: { slug: string }) => entry.slug)).toEqual(
      expect.arrayContaining(["calculator", "database", "filesystem"]),
    );
    const featured = res.body.items.map((entry: { featured: boolean }) => entry.featured);
    expect(featured).toEqual([...featured].sort((a, b) => Number(b) - Number(a)));
    const one = await fixture.call("GET", "/v1/mcp/registry/calculator", { key: acmeMember });
    expect(one.body.install.config_schema).toMatchObject({ type: "object" });
    expect((await fixture.call("GET", "/v1/mcp/registry/nope", { key: acmeMember })).status).toBe(404);
    const search = await fixture.call("GET", "/v1/mcp/registry?q=sql", { key: acmeMember });
    expect(search.body.items.map((entry: { slug: string }) => entry.slug)).toEqual(["database"]);
  });

  it("installs an entry into the tenant, validating the values against its schema", async () => {
    const missing = await fixture.call("POST", "/v1/mcp/registry/filesystem/install", {
      key: acme.adminKey,
      body: { values: {} },
    });
    expect(missing.status).toBe(400);
    const installed = await fixture.call("POST", "/v1/mcp/registry/calculator/install", {
      key: acme.adminKey,
      body: { server_slug: "my-calc" },
    });
    expect(installed.status).toBe(201);
    expect(installed.body).toMatchObject({ slug: "my-calc", global: false, transport: "stdio" });
    const run = await execute(acmeMember, {
      server_id: "my-calc",
      tool: "multiply",
      arguments: { a: 6, b: 7 },
    });
    expect(run.body.result.structuredContent.result).toBe(42);
    expect(
      (await fixture.call("POST", "/v1/mcp/registry/calculator/install", { key: acmeMember, body: {} }))
        .status,
    ).toBe(403);
  }, 60_000);

  it("rates an entry once per tenant, keeping the average consistent", async () => {
    expect(
      (
        await fixture.call("POST", "/v1/mcp/registry/calculator/rate", {
          key: acmeMember,
          body: { rating: 6 },
        })
      ).status,
    ).toBe(400);
    await fixture.call("POST", "/v1/mcp/registry/calculator/rate", { key: acmeMember, body: { rating: 2 } });
    const again = await fixture.call("POST", "/v1/mcp/registry/calculator/rate", {
      key: acmeMember,
      body: { rating: 4 },
    });
    expect(again.body).toEqual({ rating_average: 4, rating_count: 1 });
    const other = await fixture.call("POST", "/v1/mcp/registry/calculator/rate", {
      key: globex.adminKey,
      body: { rating: 5 },
    });
    expect(other.body).toEqual({ rating_average: 4.5, rating_count: 2 });
  });
});
