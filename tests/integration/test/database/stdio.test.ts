// The database server as a real process over stdio, driven by the official
// @modelcontextprotocol/sdk Client: SQLite everywhere, PostgreSQL and MariaDB when configured.
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ensureDatabaseServerBuilt, repoRoot } from "./built-server.js";

interface ToolResult {
  content: { type: string; text?: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

// Test-only drivers, resolved from the database package (the integration package has none).
const requireFromDb = createRequire(join(repoRoot, "packages/server-database/package.json"));

function required(variable: string): string | undefined {
  const url = process.env[variable] || undefined;
  if (!url && process.env.MCP_REQUIRE_SERVICES === "1") {
    throw new Error(`${variable} is not set but MCP_REQUIRE_SERVICES=1: this test must run`);
  }
  return url;
}
const postgresUrl = required("TEST_POSTGRES_URL");
const mysqlUrl = required("TEST_MYSQL_URL");

let bin: string;
const clients: Client[] = [];

beforeAll(async () => {
  bin = await ensureDatabaseServerBuilt();
}, 180_000);
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

async function connect(args: string[]): Promise<{ client: Client; transport: StdioClientTransport }> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [bin, ...args],
    stderr: "pipe",
  });
  const client = new Client({ name: "database-integration", version: "1.0.0" });
  await client.connect(transport);
  clients.push(client);
  return { client, transport };
}

describe("mcp-server-database over stdio on SQLite", () => {
  const file = join(tmpdir(), `mcp_dbserver_it_${randomBytes(4).toString("hex")}.db`);

  beforeAll(() => {
    const Database = requireFromDb("better-sqlite3");
    const db = new Database(file);
    db.exec(`CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL);
      INSERT INTO users (email) VALUES ('ada@example.com'), ('bob@example.com'), ('cy@example.com');`);
    db.close();
  });
  afterAll(() => rmSync(file, { force: true }));

  it("serves every tool and refuses writes, to the official SDK client", async () => {
    const { client } = await connect([`sqlite:${file}`, "--max-rows", "2"]);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      "describe_table",
      "explain",
      "get_schema",
      "list_tables",
      "query",
    ]);

    const query = (await client.callTool({
      name: "query",
      arguments: { sql: "SELECT id, email FROM users WHERE id > ? ORDER BY id", params: [0] },
    })) as ToolResult;
    expect(query.structuredContent).toMatchObject({
      rows: [
        [1, "ada@example.com"],
        [2, "bob@example.com"],
      ],
      truncated: true,
    });

    const drop = (await client.callTool({
      name: "query",
      arguments: { sql: "SELECT 1; DROP TABLE users" },
    })) as ToolResult;
    expect(drop.isError).toBe(true);

    const described = (await client.callTool({
      name: "describe_table",
      arguments: { table: "users" },
    })) as ToolResult;
    expect(described.structuredContent?.primaryKey).toEqual(["id"]);
    const resource = await client.readResource({ uri: "db://tables/main/users" });
    const content = resource.contents[0] as { text?: string } | undefined;
    expect(JSON.parse(String(content?.text)).name).toBe("users");

    const Database = requireFromDb("better-sqlite3");
    const check = new Database(file, { readonly: true });
    expect(check.prepare("SELECT count(*) AS n FROM users").get()).toEqual({ n: 3 });
    check.close();
  });

  it("exits with a usage error when no URL is given", async () => {
    const { spawnSync } = await import("node:child_process");
    const result = spawnSync(process.execPath, [bin], { encoding: "utf8", env: { PATH: process.env.PATH } });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/database URL is required/);
  });
});

describe.skipIf(!postgresUrl)("mcp-server-database over stdio on PostgreSQL", () => {
  const schema = `mcp_dbserver_it_${randomBytes(4).toString("hex")}`;
  let admin: {
    query: (sql: string) => Promise<{ rows: Array<Record<string, unknown>> }>;
    end: () => Promise<void>;
  };

  beforeAll(async () => {
    const pg = requireFromDb("pg");
    admin = new pg.Client({ connectionString: postgresUrl });
    await (admin as unknown as { connect: () => Promise<void> }).connect();
    await admin.query(
      `CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.users (id int PRIMARY KEY); INSERT INTO ${schema}.users VALUES (1), (2)`,
    );
  });
  afterAll(async () => {
    await admin?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin?.end();
  });

  it("refuses the reference server's bypasses and the table survives", async () => {
    const { client } = await connect([postgresUrl as string, "--allow-schema", schema]);
    for (const sql of [
      `SELECT 1; COMMIT; DROP TABLE ${schema}.users`,
      `SET TRANSACTION READ WRITE; DROP TABLE ${schema}.users`,
      `WITH d AS (DELETE FROM ${schema}.users RETURNING *) SELECT * FROM d`,
    ]) {
      const result = (await client.callTool({ name: "query", arguments: { sql } })) as ToolResult;
      expect(result.isError).toBe(true);
    }
    const ok = (await client.callTool({
      name: "query",
      arguments: { sql: `SELECT count(*)::int AS n FROM ${schema}.users WHERE id >= $1`, params: [1] },
    })) as ToolResult;
    expect(ok.structuredContent?.rows).toEqual([[2]]);
    const hidden = (await client.callTool({
      name: "query",
      arguments: { sql: "SELECT * FROM pg_catalog.pg_class" },
    })) as ToolResult;
    expect(hidden.content[0]?.text).toMatch(/allowlist/);
    expect((await admin.query(`SELECT count(*)::int AS n FROM ${schema}.users`)).rows[0]?.n).toBe(2);
  });
});

describe.skipIf(!mysqlUrl)("mcp-server-database over stdio on MariaDB", () => {
  it("answers a query and refuses an executable comment", async () => {
    const { client } = await connect(["--url", mysqlUrl as string]);
    const ok = (await client.callTool({
      name: "query",
      arguments: { sql: "SELECT ? + 1 AS n", params: [41] },
    })) as ToolResult;
    expect(Number(((ok.structuredContent?.rows ?? []) as unknown[][])[0]?.[0])).toBe(42);
    const sneaky = (await client.callTool({
      name: "query",
      arguments: { sql: "SELECT 1 /*! , SLEEP(10) */" },
    })) as ToolResult;
    expect(sneaky.isError).toBe(true);
  });
});
