import { describe, expect, it } from "vitest";
import { isDbError } from "../errors.js";
import { sqlLiteral } from "./sql-literal.js";

describe("sqlLiteral", () => {
  it("quotes text, doubling quotes, and uses E'' with doubled backslashes only when needed", () => {
    expect(sqlLiteral("add")).toBe("'add'");
    expect(sqlLiteral("it's")).toBe("'it''s'");
    expect(sqlLiteral("a\\b")).toBe("E'a\\\\b'");
    expect(sqlLiteral("\\'); DROP TABLE x; --")).toBe("E'\\\\''); DROP TABLE x; --'");
    expect(sqlLiteral("naïve 🙂\n")).toBe("'naïve 🙂\n'");
  });

  it("writes NULL, booleans and finite numbers (negative ones parenthesised)", () => {
    expect(sqlLiteral(null)).toBe("NULL");
    expect(sqlLiteral(undefined)).toBe("NULL");
    expect(sqlLiteral(true)).toBe("TRUE");
    expect(sqlLiteral(false)).toBe("FALSE");
    expect(sqlLiteral(42)).toBe("42");
    expect(sqlLiteral(-1)).toBe("(-1)");
  });

  it("refuses NUL characters and non-finite numbers", () => {
    for (const value of ["a\u0000b", Number.NaN, Number.POSITIVE_INFINITY]) {
      try {
        sqlLiteral(value);
        expect.unreachable(String(value));
      } catch (error) {
        expect(isDbError(error) && error.code).toBe("invalid");
      }
    }
  });
});
