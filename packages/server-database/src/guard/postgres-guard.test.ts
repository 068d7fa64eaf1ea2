import { describe, expect, it } from "vitest";
import { isDatabaseToolError } from "../errors.js";
import { isDeniedPostgresFunction } from "./postgres-function-denylist.js";
import { guardPostgresSql } from "./postgres-guard.js";

async function reason(sql: string): Promise<string> {
  try {
    await guardPostgresSql(sql);
  } catch (error) {
    if (isDatabaseToolError(error) && error.code === "REJECTED") return error.message;
    throw error;
  }
  return "accepted";
}

describe("guardPostgresSql", () => {
  it.each([
    ["SELECT 1", "select"],
    ["select * from public.users u join orders o on o.user_id = u.id where u.id = $1", "select"],
    ["WITH x AS (SELECT 1 AS a) SELECT a FROM x", "select"],
    ["VALUES (1, 'a'), (2, 'b')", "select"],
    ["TABLE users", "select"],
    ["EXPLAIN SELECT * FROM users", "explain"],
    ["EXPLAIN (FORMAT JSON, COSTS false) SELECT 1", "explain"],
    ["SHOW server_version", "show"],
    ["SELECT 1;", "select"],
    ["SELECT now(), lower('A'), count(*) FROM users GROUP BY 1", "select"],
  ])("accepts %s", async (sql, kind) => {
    expect((await guardPostgresSql(sql)).kind).toBe(kind);
  });

  it.each([
    ["SELECT 1; SELECT 2", /exactly one statement/],
    ["", /does not parse|exactly one statement/],
    ["-- only a comment", /allowed, got 0/],
    ["SELEC 1", /does not parse/],
    ["BEGIN", /transaction control/],
    ["SET statement_timeout = 0", /SET is not allowed/],
    ["DO $$ BEGIN END $$", /DO is not allowed/],
    ["COPY users TO STDOUT", /COPY is not allowed/],
    ["CALL p()", /CALL is not allowed/],
    ["INSERT INTO t VALUES (1)", /INSERT is not allowed/],
    ["UPDATE t SET a = 1", /UPDATE is not allowed/],
    ["DELETE FROM t", /DELETE is not allowed/],
    ["MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE", /MERGE is not allowed/],
    ["CREATE TABLE t (a int)", /CreateStmt|Create is not allowed/],
    ["WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d", /DELETE is not allowed anywhere/],
    ["EXPLAIN ANALYZE SELECT 1", /EXPLAIN ANALYZE/],
    ["EXPLAIN (ANALYZE false) SELECT 1", /EXPLAIN ANALYZE/],
    ["EXPLAIN INSERT INTO t VALUES (1)", /INSERT is not allowed/],
    ["SELECT * FROM t FOR UPDATE", /locking clauses/],
    ["SELECT * FROM t FOR NO KEY UPDATE SKIP LOCKED", /locking clauses/],
    ["SELECT 1 INTO new_table", /SELECT \.\.\. INTO/],
    ["SELECT pg_read_file('/etc/passwd')", /pg_read_file\(\) is not allowed/],
    ["SELECT length(pg_catalog.PG_READ_FILE('x'))", /is not allowed/],
    ["SELECT * FROM users WHERE id IN (SELECT nextval('s'))", /nextval/],
    ["SELECT pg_sleep(1)", /pg_sleep/],
    ["SELECT dblink('x', 'y')", /dblink/],
  ])("rejects %s", async (sql, message) => {
    expect(await reason(sql)).toMatch(message);
  });

  it("reports the tables read, without CTE names", async () => {
    const statement = await guardPostgresSql(
      "WITH recent AS (SELECT * FROM orders) SELECT * FROM recent, s.users, (SELECT 1 FROM items) i",
    );
    expect(statement.tables).toEqual(
      expect.arrayContaining([{ schema: "s", name: "users" }, { name: "items" }, { name: "orders" }]),
    );
    expect(statement.tables).toHaveLength(3);
    expect(statement.sql).toContain("WITH recent");
  });
});

describe("isDeniedPostgresFunction", () => {
  it.each([
    "setval",
    "NEXTVAL",
    "lo_import",
    "lo_export",
    "pg_ls_dir",
    "pg_advisory_xact_lock",
    "pg_try_advisory_lock",
    "pg_sleep_until",
    "set_config",
    "query_to_xml",
    "pg_terminate_backend",
    "dblink_exec",
  ])("denies %s", (name) => {
    expect(isDeniedPostgresFunction(name)).toBe(true);
  });
  it.each(["lower", "count", "now", "pg_typeof", "current_setting", "json_agg", "lastval"])(
    "allows %s",
    (name) => {
      expect(isDeniedPostgresFunction(name)).toBe(false);
    },
  );
});
