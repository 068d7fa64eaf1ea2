import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DatabaseEngine } from "./engine.js";
import { isDatabaseToolError } from "./errors.js";
import { FIXTURES, type Fixture } from "./test-support/fixtures.js";

// A statement that produces rows forever-ish, per dialect, for the row-limit and timeout tests.
const HUGE: Record<string, string> = {
  // in the select list, generate_series streams; in FROM it would be materialised first
  postgres: "SELECT generate_series(1, 10000000) AS g",
  pglite: "SELECT g FROM generate_series(1, 200000) AS g",
  mysql: "SELECT seq FROM seq_1_to_10000000",
  sqlite: "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r LIMIT 10000000) SELECT n FROM r",
};

// Slow without pg_sleep/SLEEP (which the guard refuses): the database must stop it.
const SLOW: Record<string, string> = {
  postgres: "SELECT count(*) FROM generate_series(1, 100000) a, generate_series(1, 100000) b",
  mysql: "SELECT count(*) FROM seq_1_to_100000 a JOIN seq_1_to_100000 b ON a.seq + b.seq = 0",
  // endless, and never returns to JavaScript: only killing the SQLite process stops it
  sqlite: "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r",
};

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe.each(FIXTURES)("every tool on $name", ({ name, create, skip }) => {
  let fixture: Fixture;
  let engine: DatabaseEngine;

  beforeAll(async () => {
    if (skip) return;
    fixture = (await create()) as Fixture;
    engine = new DatabaseEngine(fixture.driver, { maxRows: 1000, timeoutMs: 3000 });
  }, 180_000); // a fresh PGlite takes seconds to initialise, far more on a loaded machine
  afterAll(async () => {
    await fixture?.cleanup();
  });

  it.skipIf(skip)("query binds parameters and reports column types", async () => {
    const result = await engine.query(
      `SELECT id, email, name FROM ${fixture.users} WHERE email = ${fixture.param(1)} ORDER BY id`,
      ["bob@example.com"],
    );
    expect(result.columns.map((c) => c.name)).toEqual(["id", "email", "name"]);
    expect(result.columns[1]?.type).toMatch(/text|varchar/);
    expect(result.rows).toEqual([[2, "bob@example.com", "Bob"]]);
    expect(result.truncated).toBe(false);
  });

  it.skipIf(skip)("a parameter is data, never SQL", async () => {
    const result = await engine.query(
      `SELECT count(*) AS n FROM ${fixture.users} WHERE name = ${fixture.param(1)}`,
      ["x'; DROP TABLE users; --"],
    );
    expect(Number(result.rows[0]?.[0])).toBe(0);
  });

  it.skipIf(skip)("joins and CTEs are allowed", async () => {
    const result = await engine.query(
      `WITH big AS (SELECT user_id, total FROM ${fixture.orders} WHERE total > 10)
       SELECT u.name, b.total FROM big b JOIN ${fixture.users} u ON u.id = b.user_id`,
    );
    expect(result.rows).toHaveLength(1);
    expect(result.rows[0]?.[0]).toBe("Bob");
  });

  it.skipIf(skip)("a huge result is cut at the row limit and says so", async () => {
    const result = await engine.query(HUGE[name] as string);
    expect(result.rows).toHaveLength(1000);
    expect(result.truncated).toBe(true);
    expect(Number(result.rows[999]?.[0])).toBe(1000);
  });

  // PGlite runs in this thread: statement_timeout cannot fire and an abort cannot be seen while it
  // works (documented in the README), so these two tests have nothing to check there.
  it.skipIf(skip || name === "pglite")("the database stops a statement at the timeout", async () => {
    const short = new DatabaseEngine(fixture.driver, { timeoutMs: 300 });
    const started = Date.now();
    const error = await errorOf(short.query(SLOW[name] as string));
    expect(isDatabaseToolError(error) && error.code).toBe("TIMEOUT");
    expect(Date.now() - started).toBeLessThan(2500);
    // the connection is usable afterwards
    expect((await engine.query("SELECT 1")).rows).toEqual([[1]]);
  });

  it.skipIf(skip || name === "pglite")("aborting the signal cancels the statement server-side", async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 200);
    const error = await errorOf(engine.query(SLOW[name] as string, [], { signal: controller.signal }));
    expect(isDatabaseToolError(error) && error.code).toBe("CANCELLED");
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it.skipIf(skip)("an already aborted signal runs nothing", async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await errorOf(engine.query("SELECT 1", [], { signal: controller.signal }));
    expect(isDatabaseToolError(error) && error.code).toBe("CANCELLED");
  });

  it.skipIf(skip)("a database error is reported, not thrown raw", async () => {
    const error = await errorOf(engine.query(`SELECT no_such_column FROM ${fixture.users}`));
    expect(isDatabaseToolError(error) && error.code).toBe("DATABASE");
    expect((error as Error).message).toMatch(/no_such_column/);
  });

  it.skipIf(skip)("list_tables lists the fixture's tables, filtered by schema", async () => {
    const tables = await engine.listTables(fixture.schema);
    expect(tables).toEqual([
      { schema: fixture.schema, name: "orders", type: "table" },
      { schema: fixture.schema, name: "users", type: "table" },
    ]);
    expect(await engine.listTables("mcp_dbserver_no_such_schema")).toEqual([]);
  });

  it.skipIf(skip)(
    "describe_table gives columns, nullability, defaults, keys, indexes, foreign keys",
    async () => {
      const users = await engine.describeTable("users", fixture.schema);
      expect(users?.columns.map((c) => [c.name, c.nullable])).toEqual([
        ["id", name === "sqlite"], // SQLite does not mark an INTEGER PRIMARY KEY NOT NULL
        ["email", false],
        ["name", true],
      ]);
      expect(users?.columns.find((c) => c.name === "name")?.default).toContain("anon");
      expect(users?.primaryKey).toEqual(["id"]);
      expect(users?.keys.find((k) => k.type === "unique")?.columns).toEqual(["email"]);
      const orders = await engine.describeTable("orders", fixture.schema);
      const fk = orders?.keys.find((k) => k.type === "foreign");
      expect(fk?.columns).toEqual(["user_id"]);
      expect(fk?.references).toEqual({ schema: fixture.schema, table: "users", columns: ["id"] });
      expect(orders?.indexes.some((i) => i.columns.includes("user_id") && !i.unique)).toBe(true);
      expect(await engine.describeTable("no_such_table", fixture.schema)).toBeUndefined();
    },
  );

  it.skipIf(skip)("describe_table treats a hostile name as a name", async () => {
    expect(await engine.describeTable("users'; DROP TABLE users; --", fixture.schema)).toBeUndefined();
    expect(await engine.describeTable('users"; DROP TABLE users; --', fixture.schema)).toBeUndefined();
  });

  it.skipIf(skip)("get_schema describes every table", async () => {
    const schema = await engine.getSchema(fixture.schema);
    expect(schema.map((t) => t.name)).toEqual(["orders", "users"]);
    expect(schema[1]?.columns).toHaveLength(3);
  });

  it.skipIf(skip)("explain shows a plan without running the query", async () => {
    const plan = await engine.explain(`SELECT * FROM ${fixture.users} WHERE id = ${fixture.param(1)}`, [1]);
    expect(plan.length).toBeGreaterThan(0);
    expect(plan).toMatch(/users|Scan|SEARCH|const|Result/i);
    const error = await errorOf(engine.explain("SHOW server_version"));
    expect(isDatabaseToolError(error) && error.code).toBe("REJECTED");
  });

  it.skipIf(skip)("allowlists hide other tables from every tool", async () => {
    const limited = new DatabaseEngine(fixture.driver, {
      allowlist: { tables: [`${fixture.schema}.users`] },
    });
    expect((await limited.listTables(fixture.schema)).map((t) => t.name)).toEqual(["users"]);
    expect(await limited.describeTable("orders", fixture.schema)).toBeUndefined();
    expect(await limited.describeTable("users", fixture.schema)).toBeDefined();
    const error = await errorOf(limited.query(`SELECT * FROM ${fixture.orders}`));
    expect(isDatabaseToolError(error) && error.code).toBe("REJECTED");
    expect((error as Error).message).toMatch(/allowlist/);
    const joined = await errorOf(
      limited.query(`SELECT * FROM ${fixture.users} WHERE id IN (SELECT user_id FROM ${fixture.orders})`),
    );
    expect(isDatabaseToolError(joined) && joined.code).toBe("REJECTED");
    expect((await limited.query(`SELECT count(*) FROM ${fixture.users}`)).rows).toHaveLength(1);
    const bySchema = new DatabaseEngine(fixture.driver, {
      allowlist: { schemas: ["mcp_dbserver_elsewhere"] },
    });
    expect(await bySchema.listTables()).toEqual([]);
  });
});
