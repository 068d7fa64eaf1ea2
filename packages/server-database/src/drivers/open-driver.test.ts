import { describe, expect, it } from "vitest";
import { isDatabaseToolError } from "../errors.js";
import { dialectOf, openDriver } from "./open-driver.js";
import { sqliteFilename } from "./sqlite-driver.js";

describe("dialectOf", () => {
  it.each([
    ["postgres://u@h/db", "postgres"],
    ["postgresql://u@h/db", "postgres"],
    ["mysql://u@h/db", "mysql"],
    ["mariadb://u@h/db", "mysql"],
    ["pglite:memory", "pglite"],
    ["pglite:./data", "pglite"],
    ["sqlite:./app.db", "sqlite"],
    ["file:/tmp/app.db", "sqlite"],
    ["./app.db", "sqlite"],
    ["/abs/app.sqlite", "sqlite"],
    ["C:/data/app.db", "sqlite"],
  ])("%s is %s", (url, dialect) => {
    expect(dialectOf(url)).toBe(dialect);
  });

  it("refuses an unknown scheme", () => {
    let error: unknown;
    try {
      dialectOf("mongodb://h/db");
    } catch (e) {
      error = e;
    }
    expect(isDatabaseToolError(error) && error.code).toBe("UNSUPPORTED_URL");
  });
});

describe("sqliteFilename", () => {
  it.each([
    ["sqlite:./a.db", "./a.db"],
    ["sqlite:///tmp/a.db", "/tmp/a.db"],
    ["file:///tmp/a.db", "/tmp/a.db"],
    ["file:a.db", "a.db"],
    ["/tmp/a.db", "/tmp/a.db"],
  ])("%s -> %s", (url, file) => {
    expect(sqliteFilename(url)).toBe(file);
  });
});

describe("openDriver", () => {
  it("refuses an existing SQLite path that is not a database file", async () => {
    await expect(openDriver("sqlite:/tmp")).rejects.toThrow();
  });

  it("opens PGlite in memory, read-only", async () => {
    const driver = await openDriver("pglite:memory");
    try {
      expect(driver.dialect).toBe("pglite");
      expect(driver.placeholder).toBe("$n");
      const result = await driver.run({
        sql: "SHOW default_transaction_read_only",
        maxRows: 10,
        timeoutMs: 1000,
      });
      expect(result.rows).toEqual([["on"]]);
      await expect(
        driver.run({ sql: "CREATE TABLE t (a int)", maxRows: 1, timeoutMs: 1000 }),
      ).rejects.toThrow(/read-only/);
    } finally {
      await driver.close();
    }
  }, 120_000); // a fresh PGlite takes seconds to initialise, far more on a loaded machine

  it("refuses a SQLite file that does not exist instead of creating it", async () => {
    await expect(openDriver("sqlite:/tmp/mcp_dbserver_test_missing/none.db")).rejects.toThrow(/open/i);
  });
});
