import { describe, expect, it } from "vitest";
import { isDatabaseToolError } from "../errors.js";
import { guardMysqlOrSqliteSql } from "./mysql-sqlite-guard.js";
import { tokenizeSql } from "./sql-tokens.js";

function reason(sql: string, dialect: "mysql" | "sqlite"): string {
  try {
    guardMysqlOrSqliteSql(sql, dialect);
  } catch (error) {
    if (isDatabaseToolError(error) && error.code === "REJECTED") return error.message;
    throw error;
  }
  return "accepted";
}

describe("guardMysqlOrSqliteSql on MySQL/MariaDB", () => {
  it.each([
    ["SELECT * FROM users WHERE id = ?", "select"],
    ["select `order`.id from `order` join users on users.id = `order`.user_id", "select"],
    ["WITH x AS (SELECT 1 AS a) SELECT a FROM x", "select"],
    ["SHOW TABLES", "show"],
    ["DESCRIBE users", "show"],
    ["EXPLAIN SELECT * FROM users", "explain"],
    ["SELECT 'a;b', \"c;d\" FROM t -- trailing ; comment", "select"],
    ["SELECT 1;", "select"],
    ["SELECT a --1\nFROM t", "select"],
  ])("accepts %s", (sql, kind) => {
    expect(guardMysqlOrSqliteSql(sql, "mysql").kind).toBe(kind);
  });

  it.each([
    ["SELECT 1; DROP TABLE t", /exactly one statement/],
    ["SELECT 1 /*! ; DROP TABLE t */", /executable comments/],
    ["SELECT /*+ MAX_EXECUTION_TIME(1) */ 1", /optimizer hints/],
    ["SELECT 1 /*M! , 2 */", /executable comments/],
    ["SELECT * FROM t INTO OUTFILE '/tmp/x'", /INTO is not allowed/],
    ["SELECT * FROM t FOR UPDATE", /UPDATE is not allowed/],
    ["SELECT * FROM t LOCK IN SHARE MODE", /LOCK is not allowed/],
    ["SELECT SLEEP(10)", /sleep\(\) is not allowed/],
    ["SELECT load_file('/etc/passwd')", /load_file\(\) is not allowed/],
    ["SELECT NEXT VALUE FOR s", /NEXT VALUE FOR/],
    ["DELETE FROM t", /DELETE statements are not allowed/],
    ["SET @a = 1", /SET statements are not allowed/],
    ["SELECT 'unterminated", /unterminated/],
    ["SELECT 1 /* unterminated", /unterminated comment/],
    ["   ", /empty statement/],
    ["SELECT * FROM t WHERE a = 'x' UNION SELECT * FROM t2 PROCEDURE ANALYSE()", /ANALYZE|does not parse/],
    ["VALUES (1)", /VALUES statements are not allowed/],
  ])("rejects %s", (sql, message) => {
    expect(reason(sql, "mysql")).toMatch(message);
  });

  it("lists the tables read, without CTE names", () => {
    const statement = guardMysqlOrSqliteSql(
      "WITH x AS (SELECT 1) SELECT * FROM x, app.users, orders",
      "mysql",
    );
    expect(statement.tables).toEqual(
      expect.arrayContaining([{ schema: "app", name: "users" }, { name: "orders" }]),
    );
    expect(statement.tables).toHaveLength(2);
  });
});

describe("guardMysqlOrSqliteSql on SQLite", () => {
  it.each([
    "SELECT * FROM users WHERE id = ?",
    'SELECT "id", name FROM users',
    "WITH x AS (SELECT 1) SELECT * FROM x",
  ])("accepts %s", (sql) => {
    expect(guardMysqlOrSqliteSql(sql, "sqlite").kind).toBe("select");
  });

  it.each([
    ["PRAGMA query_only = OFF", /PRAGMA statements are not allowed/],
    ["ATTACH DATABASE 'x' AS y", /ATTACH statements/],
    ["SELECT load_extension('x')", /load_extension/],
    ["SHOW TABLES", /SHOW statements/],
    ["SELECT 1 -- x\n; DELETE FROM t", /exactly one statement/],
    ["SELECT * FROM t WHERE a = '' ; DELETE FROM t", /exactly one statement/],
  ])("rejects %s", (sql, message) => {
    expect(reason(sql, "sqlite")).toMatch(message);
  });
});

describe("tokenizeSql", () => {
  it("follows each dialect's quoting and comment rules", () => {
    expect(tokenizeSql("select `a` from t # c", "mysql").map((t) => t.text)).toEqual([
      "SELECT",
      "`a`",
      "FROM",
      "T",
    ]);
    expect(tokenizeSql('select "a" from t', "mysql")[1]?.kind).toBe("string");
    expect(tokenizeSql('select "a" from t', "sqlite")[1]?.kind).toBe("quoted");
    expect(tokenizeSql("select 'it''s', 'a\\'b'", "mysql").filter((t) => t.kind === "string")).toHaveLength(
      2,
    );
    expect(tokenizeSql("select 1 #x", "sqlite").map((t) => t.text)).toEqual(["SELECT", "1", "#", "X"]);
    expect(tokenizeSql("select 1.5e3, [x y]", "sqlite").map((t) => t.kind)).toEqual([
      "word",
      "number",
      "punct",
      "quoted",
    ]);
  });
});
