import { existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Dialect } from "./drivers/types.js";
import { DatabaseEngine } from "./engine.js";
import { isDatabaseToolError } from "./errors.js";
import { FIXTURES, type Fixture } from "./test-support/fixtures.js";

const MARKER = join(tmpdir(), `mcp_dbserver_marker_${process.pid}`);

interface Payload {
  name: string;
  sql: (f: Fixture) => string;
  only?: Dialect[];
  /** Also sent to the driver directly, bypassing the guard: layers 2-4 alone must stop it. */
  write?: boolean;
}

const PG: Dialect[] = ["postgres", "pglite"];
const MY: Dialect[] = ["mysql"];
const LITE: Dialect[] = ["sqlite"];

// Every payload must be refused by the engine and leave the database exactly as it was.
const PAYLOADS: Payload[] = [
  { name: "stacked COMMIT then DROP", sql: (f) => `SELECT 1; COMMIT; DROP TABLE ${f.users}`, write: true },
  {
    name: "SET TRANSACTION READ WRITE then DROP",
    sql: (f) => `SET TRANSACTION READ WRITE; DROP TABLE ${f.users}`,
    write: true,
  },
  { name: "COMMIT then DELETE", sql: (f) => `COMMIT; DELETE FROM ${f.users}`, write: true },
  { name: "plain DROP TABLE", sql: (f) => `DROP TABLE ${f.orders}`, write: true },
  { name: "plain DELETE", sql: (f) => `DELETE FROM ${f.orders}`, write: true },
  { name: "plain UPDATE", sql: (f) => `UPDATE ${f.users} SET name = 'pwned'`, write: true },
  { name: "INSERT", sql: (f) => `INSERT INTO ${f.users} (email) VALUES ('evil@example.com')`, write: true },
  { name: "CREATE TABLE", sql: (f) => `CREATE TABLE ${f.users}_copy (id int)`, write: true },
  { name: "mixed case stacked", sql: (f) => `SeLeCt 1; dElEtE fRoM ${f.users}`, write: true },
  {
    name: "comment hides the separator",
    sql: (f) => `SELECT 1 /* ; */ ; DELETE FROM ${f.users}`,
    write: true,
  },
  {
    name: "line comment then newline",
    sql: (f) => `SELECT 1 -- harmless\n; DELETE FROM ${f.users}`,
    write: true,
  },
  { name: "semicolon inside a string first", sql: (f) => `SELECT ';'; DELETE FROM ${f.users}`, write: true },
  { name: "leading comment before DELETE", sql: (f) => `/* select */ DELETE FROM ${f.users}`, write: true },
  {
    name: "START TRANSACTION READ WRITE",
    sql: (f) => `START TRANSACTION READ WRITE; DELETE FROM ${f.users}`,
    write: true,
  },
  {
    name: "ROLLBACK then write",
    sql: (f) => `ROLLBACK; INSERT INTO ${f.users} (email) VALUES ('x@example.com')`,
    write: true,
  },
  // PostgreSQL and PGlite
  {
    name: "writable CTE (DELETE)",
    sql: (f) => `WITH d AS (DELETE FROM ${f.users} RETURNING *) SELECT * FROM d`,
    only: PG,
    write: true,
  },
  {
    name: "writable CTE (UPDATE) nested",
    sql: (f) => `SELECT * FROM (WITH u AS (UPDATE ${f.users} SET name = 'x' RETURNING 1) SELECT * FROM u) s`,
    only: PG,
    write: true,
  },
  {
    name: "writable CTE (INSERT)",
    sql: (f) => `WITH i AS (INSERT INTO ${f.users} (email) VALUES ('c@x') RETURNING 1) SELECT 1`,
    only: PG,
    write: true,
  },
  { name: "setval", sql: (f) => `SELECT setval('${f.schema}.users_id_seq', 1000)`, only: PG, write: true },
  { name: "nextval", sql: (f) => `SELECT nextval('${f.schema}.users_id_seq')`, only: PG, write: true },
  {
    name: "nextval in a subquery",
    sql: (f) => `SELECT * FROM ${f.users} WHERE id = (SELECT nextval('${f.schema}.users_id_seq'))`,
    only: PG,
    write: true,
  },
  {
    name: "schema-qualified, quoted setval",
    sql: (f) => `SELECT pg_catalog."setval"('${f.schema}.users_id_seq', 99)`,
    only: PG,
    write: true,
  },
  { name: "COPY TO PROGRAM", sql: () => `COPY (SELECT 1) TO PROGRAM 'touch ${MARKER}'`, only: PG },
  {
    name: "COPY FROM PROGRAM",
    sql: (f) => `COPY ${f.users} (email) FROM PROGRAM 'echo evil@example.com'`,
    only: PG,
    write: true,
  },
  { name: "pg_read_file", sql: () => "SELECT pg_read_file('/etc/passwd')", only: PG },
  { name: "pg_read_file in FROM", sql: () => "SELECT * FROM pg_read_file('/etc/passwd') AS f", only: PG },
  {
    name: "upper-case quoted pg_read_binary_file",
    sql: () => `SELECT PG_CATALOG.PG_READ_BINARY_FILE('/etc/passwd')`,
    only: PG,
  },
  // lo_import is file access, not refused by a read-only transaction (only rolled back): layer 1 and
  // the SELECT-only role stop it, so it is not in the guard-less list.
  { name: "lo_import", sql: () => "SELECT lo_import('/etc/passwd')", only: PG },
  { name: "pg_ls_dir", sql: () => "SELECT pg_ls_dir('.')", only: PG },
  { name: "pg_sleep beyond the timeout", sql: () => "SELECT pg_sleep(30)", only: PG },
  {
    name: "pg_sleep_for hidden in a CASE",
    sql: () => "SELECT CASE WHEN true THEN pg_sleep_for('30 seconds') END",
    only: PG,
  },
  { name: "advisory lock", sql: () => "SELECT pg_advisory_lock(42)", only: PG },
  {
    name: "set_config read-write",
    sql: () => "SELECT set_config('default_transaction_read_only', 'off', false)",
    only: PG,
  },
  { name: "dblink_exec", sql: () => "SELECT dblink_exec('dbname=test', 'DROP TABLE users')", only: PG },
  {
    name: "query_to_xml runs SQL text",
    sql: (f) => `SELECT query_to_xml('DELETE FROM ${f.users} RETURNING 1', true, true, '')`,
    only: PG,
  },
  { name: "SELECT FOR UPDATE", sql: (f) => `SELECT * FROM ${f.users} FOR UPDATE`, only: PG },
  {
    name: "SELECT FOR SHARE in a subquery",
    sql: (f) => `SELECT * FROM (SELECT * FROM ${f.users} FOR SHARE) s`,
    only: PG,
  },
  {
    name: "SELECT INTO a new table",
    sql: (f) => `SELECT * INTO ${f.schema}.stolen FROM ${f.users}`,
    only: PG,
    write: true,
  },
  { name: "DO block", sql: (f) => `DO $$ BEGIN DELETE FROM ${f.users}; END $$`, only: PG, write: true },
  {
    name: "dollar-quoted separator",
    sql: (f) => `SELECT $$;$$; DELETE FROM ${f.users}`,
    only: PG,
    write: true,
  },
  { name: "CALL", sql: () => "CALL nothing()", only: PG },
  {
    name: "EXPLAIN ANALYZE of a DELETE",
    sql: (f) => `EXPLAIN ANALYZE DELETE FROM ${f.users}`,
    only: PG,
    write: true,
  },
  {
    name: "EXPLAIN (ANALYZE) of a writable CTE",
    sql: (f) => `EXPLAIN (ANALYZE true) WITH d AS (DELETE FROM ${f.users} RETURNING 1) SELECT 1`,
    only: PG,
    write: true,
  },
  {
    name: "SET default_transaction_read_only",
    sql: () => "SET default_transaction_read_only = off",
    only: PG,
  },
  { name: "LOCK TABLE", sql: (f) => `LOCK TABLE ${f.users}`, only: PG },
  // MySQL and MariaDB
  { name: "executable comment", sql: (f) => `SELECT 1 /*! ; DROP TABLE ${f.users} */`, only: MY },
  {
    name: "executable comment with version",
    sql: (f) => `SELECT 1 /*!50000 , (SELECT 1 FROM ${f.users} FOR UPDATE) */`,
    only: MY,
  },
  { name: "SELECT INTO OUTFILE", sql: (f) => `SELECT * FROM ${f.users} INTO OUTFILE '${MARKER}'`, only: MY },
  { name: "SELECT INTO a variable", sql: (f) => `SELECT name INTO @n FROM ${f.users} LIMIT 1`, only: MY },
  { name: "LOCK IN SHARE MODE", sql: (f) => `SELECT * FROM ${f.users} LOCK IN SHARE MODE`, only: MY },
  { name: "FOR UPDATE", sql: (f) => `SELECT * FROM ${f.users} FOR UPDATE`, only: MY },
  { name: "GET_LOCK", sql: () => "SELECT GET_LOCK('mcp_dbserver_lock', 0)", only: MY },
  { name: "LOAD_FILE", sql: () => "SELECT LOAD_FILE('/etc/passwd')", only: MY },
  { name: "SLEEP beyond the timeout", sql: () => "SELECT SLEEP(30)", only: MY },
  { name: "BENCHMARK", sql: () => "SELECT BENCHMARK(100000000, MD5('x'))", only: MY },
  { name: "SET SESSION TRANSACTION READ WRITE", sql: () => "SET SESSION TRANSACTION READ WRITE", only: MY },
  {
    name: "REPLACE INTO",
    sql: (f) => `REPLACE INTO ${f.users} (id, email) VALUES (1, 'x@example.com')`,
    only: MY,
    write: true,
  },
  {
    name: "hash comment hides the separator",
    sql: (f) => `SELECT 1 # x\n; DELETE FROM ${f.users}`,
    only: MY,
    write: true,
  },
  {
    name: "backslash-escaped quote",
    sql: (f) => `SELECT 'it\\'s'; DELETE FROM ${f.users}`,
    only: MY,
    write: true,
  },
  { name: "HANDLER", sql: (f) => `HANDLER ${f.users} OPEN`, only: MY },
  {
    name: "LOAD DATA",
    sql: (f) => `LOAD DATA INFILE '/etc/passwd' INTO TABLE ${f.users}`,
    only: MY,
    write: true,
  },
  // SQLite
  { name: "ATTACH", sql: () => `ATTACH DATABASE '${MARKER}' AS evil`, only: LITE },
  { name: "PRAGMA query_only off", sql: () => "PRAGMA query_only = OFF", only: LITE },
  { name: "load_extension", sql: () => "SELECT load_extension('/tmp/evil')", only: LITE },
  { name: "VACUUM INTO", sql: () => `VACUUM INTO '${MARKER}'`, only: LITE },
  {
    name: "INSERT OR REPLACE",
    sql: (f) => `INSERT OR REPLACE INTO ${f.users} (id, email) VALUES (1, 'x@example.com')`,
    only: LITE,
    write: true,
  },
  {
    name: "writable CTE (SQLite syntax)",
    sql: (f) => `WITH x AS (SELECT 1) DELETE FROM ${f.users}`,
    only: LITE,
    write: true,
  },
];

describe.each(FIXTURES)("hostile payloads on $name", ({ name, create, skip }) => {
  let fixture: Fixture;
  let engine: DatabaseEngine;
  let before: string;

  beforeAll(async () => {
    if (skip) return;
    fixture = (await create()) as Fixture;
    engine = new DatabaseEngine(fixture.driver, { timeoutMs: 2000 });
    before = await fixture.snapshot();
  }, 180_000); // a fresh PGlite takes seconds to initialise, far more on a loaded machine
  afterAll(async () => {
    await fixture?.cleanup();
    rmSync(MARKER, { force: true });
  });

  const payloads = PAYLOADS.filter((p) => !p.only || p.only.includes(name));

  it.skipIf(skip).each(payloads)("refuses $name and changes nothing", async (payload) => {
    const error = await engine.query(payload.sql(fixture)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isDatabaseToolError(error) && error.code).toBe("REJECTED");
    expect(await fixture.snapshot()).toBe(before);
    expect(existsSync(MARKER)).toBe(false);
  });

  // Layers 2-4 alone: the statement goes to the database without the guard.
  it.skipIf(skip).each(payloads.filter((p) => p.write))(
    "without the guard, the database still refuses $name",
    async (payload) => {
      await expect(
        fixture.driver.run({ sql: payload.sql(fixture), maxRows: 10, timeoutMs: 2000 }),
      ).rejects.toThrow();
      expect(await fixture.snapshot()).toBe(before);
    },
  );

  it.skipIf(skip)("after all of it, an ordinary query still works", async () => {
    const result = await engine.query(`SELECT email FROM ${fixture.users} ORDER BY id`);
    expect(result.rows).toEqual([["ada@example.com"], ["bob@example.com"]]);
  });
});
