import {
  createLinkedTransportPair,
  isProtocolError,
  JsonRpcPeer,
  LATEST_PROTOCOL_VERSION,
} from "@mcp/protocol";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabaseServer, type DatabaseServer } from "./database-server.js";
import { FIXTURES, type Fixture } from "./test-support/fixtures.js";
import { serviceUrl } from "./test-support/services.js";

type ToolResult = {
  content?: Array<{ type: string; text?: string }>;
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
};

async function connect(db: DatabaseServer): Promise<JsonRpcPeer> {
  const [clientSide, serverSide] = createLinkedTransportPair();
  await db.server.connect(serverSide);
  const client = new JsonRpcPeer({ defaultTimeoutMs: 20_000 });
  await client.connect(clientSide);
  await client.request("initialize", {
    protocolVersion: LATEST_PROTOCOL_VERSION,
    capabilities: {},
    clientInfo: { name: "database-test", version: "1.0.0" },
  });
  await client.notify("notifications/initialized");
  return client;
}

describe.each(FIXTURES)("the MCP server on $name", ({ name, create, skip }) => {
  let fixture: Fixture;
  let db: DatabaseServer;
  let client: JsonRpcPeer;
  const call = (tool: string, args: Record<string, unknown>, options?: { signal?: AbortSignal }) =>
    client.request("tools/call", { name: tool, arguments: args }, options) as Promise<ToolResult>;

  beforeAll(async () => {
    if (skip) return;
    fixture = (await create()) as Fixture;
    db = await createDatabaseServer({ driver: fixture.driver, maxRows: 50, timeoutMs: 3000 });
    client = await connect(db);
  }, 180_000); // a fresh PGlite takes seconds to initialise, far more on a loaded machine
  afterAll(async () => {
    await client?.close();
    await db?.server.close();
    await fixture?.cleanup();
  });

  it.skipIf(skip)("lists five read-only tools with schemas", async () => {
    const { tools } = (await client.request("tools/list", {})) as {
      tools: Array<{
        name: string;
        annotations?: { readOnlyHint?: boolean };
        outputSchema?: unknown;
        description?: string;
      }>;
    };
    expect(tools.map((t) => t.name).sort()).toEqual([
      "describe_table",
      "explain",
      "get_schema",
      "list_tables",
      "query",
    ]);
    expect(tools.every((t) => t.annotations?.readOnlyHint === true && t.outputSchema)).toBe(true);
    const query = tools.find((t) => t.name === "query");
    expect(query?.description).toContain(name === "postgres" || name === "pglite" ? "$1" : "?");
  });

  it.skipIf(skip)("query returns columns, rows, a text table and truncated", async () => {
    const result = await call("query", {
      sql: `SELECT id, email FROM ${fixture.users} WHERE id >= ${fixture.param(1)} ORDER BY id`,
      params: [1],
    });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({
      rows: [
        [1, "ada@example.com"],
        [2, "bob@example.com"],
      ],
      rowCount: 2,
      truncated: false,
    });
    expect(((result.structuredContent?.columns ?? []) as Array<{ name: string }>).map((c) => c.name)).toEqual(
      ["id", "email"],
    );
    const text = result.content?.[0]?.text ?? "";
    expect(text).toContain("id | email");
    expect(text).toContain("2  | bob@example.com");
    expect(text).toContain("(2 rows)");
  });

  it.skipIf(skip)("query says when the row limit cut the result", async () => {
    const sql =
      name === "mysql"
        ? "SELECT seq FROM seq_1_to_1000"
        : name === "sqlite"
          ? "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r LIMIT 1000) SELECT n FROM r"
          : "SELECT generate_series(1, 1000)";
    const result = await call("query", { sql });
    expect(result.structuredContent?.truncated).toBe(true);
    expect(result.structuredContent?.rowCount).toBe(50);
    expect(result.content?.[0]?.text).toContain("truncated at the row limit of 50");
  });

  it.skipIf(skip)("a refused statement is a tool error that names the reason", async () => {
    const before = await fixture.snapshot();
    const result = await call("query", { sql: `SELECT 1; DROP TABLE ${fixture.users}` });
    expect(result.isError).toBe(true);
    expect(result.content?.[0]?.text).toMatch(/one statement/);
    expect(await fixture.snapshot()).toBe(before);
  });

  it.skipIf(skip)("list_tables, describe_table and get_schema", async () => {
    const list = await call("list_tables", { schema: fixture.schema });
    expect(list.structuredContent?.tables).toEqual([
      { schema: fixture.schema, name: "orders", type: "table" },
      { schema: fixture.schema, name: "users", type: "table" },
    ]);
    expect(list.content?.[0]?.text).toContain(`${fixture.schema}.users (table)`);
    const empty = await call("list_tables", { schema: "mcp_dbserver_none" });
    expect(empty.content?.[0]?.text).toBe("No tables.");

    const described = await call("describe_table", { table: "orders", schema: fixture.schema });
    expect(described.structuredContent?.primaryKey).toEqual(["id"]);
    expect(JSON.parse(described.content?.[0]?.text ?? "{}").name).toBe("orders");
    const missing = await call("describe_table", { table: "nope", schema: fixture.schema });
    expect(missing.isError).toBe(true);
    expect(missing.content?.[0]?.text).toContain("not found");

    const schema = await call("get_schema", { schema: fixture.schema });
    expect(((schema.structuredContent?.tables ?? []) as Array<{ name: string }>).map((t) => t.name)).toEqual([
      "orders",
      "users",
    ]);
  });

  it.skipIf(skip)("explain returns a plan and refuses ANALYZE", async () => {
    const plan = await call("explain", {
      sql: `SELECT * FROM ${fixture.users} WHERE id = ${fixture.param(1)}`,
      params: [1],
    });
    expect(plan.isError).toBeFalsy();
    expect(String(plan.structuredContent?.plan).length).toBeGreaterThan(0);
    const analyze = await call("explain", { sql: `EXPLAIN ANALYZE SELECT * FROM ${fixture.users}` });
    expect(analyze.isError).toBe(true);
  });

  it.skipIf(skip)("table schemas are resources, through a template with completion", async () => {
    const { resourceTemplates } = (await client.request("resources/templates/list", {})) as {
      resourceTemplates: Array<{ uriTemplate: string }>;
    };
    expect(resourceTemplates.map((t) => t.uriTemplate)).toEqual(["db://tables/{schema}/{table}"]);
    const { resources } = (await client.request("resources/list", {})) as {
      resources: Array<{ uri: string }>;
    };
    const uri = `db://tables/${fixture.schema}/users`;
    expect(resources.map((r) => r.uri)).toEqual(expect.arrayContaining(["db://schema", uri]));
    const read = (await client.request("resources/read", { uri })) as { contents: Array<{ text: string }> };
    expect(JSON.parse(read.contents[0]?.text ?? "{}").columns).toHaveLength(3);
    const whole = (await client.request("resources/read", { uri: "db://schema" })) as {
      contents: Array<{ text: string }>;
    };
    expect(JSON.parse(whole.contents[0]?.text ?? "{}").tables.length).toBeGreaterThanOrEqual(2);
    const error = await client
      .request("resources/read", { uri: `db://tables/${fixture.schema}/nope` })
      .catch((e: unknown) => e);
    expect(isProtocolError(error) && error.code).toBe(-32002);
    const completion = (await client.request("completion/complete", {
      ref: { type: "ref/resource", uri: "db://tables/{schema}/{table}" },
      argument: { name: "table", value: "us" },
      context: { arguments: { schema: fixture.schema } },
    })) as { completion: { values: string[] } };
    expect(completion.completion.values).toEqual(["users"]);
    const schemas = (await client.request("completion/complete", {
      ref: { type: "ref/resource", uri: "db://tables/{schema}/{table}" },
      argument: { name: "schema", value: fixture.schema.slice(0, 6) },
    })) as { completion: { values: string[] } };
    expect(schemas.completion.values).toContain(fixture.schema);
  });
});

const postgres = serviceUrl("postgres");

describe("cancelling an MCP request on PostgreSQL", () => {
  it.skipIf(!postgres.url)("stops the statement in the database", async () => {
    const url = postgres.url as string;
    const db = await createDatabaseServer({ url, timeoutMs: 20_000 });
    const client = await connect(db);
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const marker = `mcp_dbserver_cancel_${process.pid}`;
    const running = () =>
      admin.query(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE state = 'active' AND query LIKE $1",
        [`%AS ${marker}%`],
      );
    try {
      const controller = new AbortController();
      const call = client
        .request(
          "tools/call",
          {
            name: "query",
            arguments: {
              sql: `SELECT count(*) AS ${marker} FROM generate_series(1, 100000) a, generate_series(1, 100000) b`,
            },
          },
          { signal: controller.signal },
        )
        .catch((e: unknown) => e);
      let seen = 0;
      for (let i = 0; i < 50 && seen === 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        seen = (await running()).rows[0]?.n ?? 0;
      }
      expect(seen).toBe(1);
      controller.abort();
      await call;
      let left = 1;
      for (let i = 0; i < 40 && left > 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        left = (await running()).rows[0]?.n ?? 0;
      }
      expect(left).toBe(0);
    } finally {
      await admin.end();
      await client.close();
      await db.close();
    }
  });
});
