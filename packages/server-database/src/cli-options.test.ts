import { describe, expect, it } from "vitest";
import { CliUsageError, serverOptionsFromCli } from "./cli-options.js";

describe("serverOptionsFromCli", () => {
  it("takes the URL from the argument, then --url, then DATABASE_URL", () => {
    expect(serverOptionsFromCli({ url: "b" }, ["a"], { DATABASE_URL: "c" }).url).toBe("a");
    expect(serverOptionsFromCli({ url: "b" }, [], { DATABASE_URL: "c" }).url).toBe("b");
    expect(serverOptionsFromCli({}, [], { DATABASE_URL: "c" }).url).toBe("c");
  });

  it("parses limits and allowlists", () => {
    expect(
      serverOptionsFromCli(
        {
          "max-rows": "50",
          timeout: "250",
          "allow-schema": ["public"],
          "allow-table": ["users", "audit.log"],
        },
        ["pglite:memory"],
        {},
      ),
    ).toEqual({
      url: "pglite:memory",
      maxRows: 50,
      timeoutMs: 250,
      allowlist: { schemas: ["public"], tables: ["users", "audit.log"] },
    });
  });

  it.each([
    [{}, [], /URL is required/],
    [{}, ["a", "b"], /one database URL/],
    [{ "max-rows": "0" }, ["a"], /--max-rows must be a positive integer/],
    [{ timeout: "soon" }, ["a"], /--timeout must be a positive integer/],
  ])("refuses %j %j", (values, positionals, message) => {
    expect(() => serverOptionsFromCli(values, positionals as string[], {})).toThrow(CliUsageError);
    expect(() => serverOptionsFromCli(values, positionals as string[], {})).toThrow(message);
  });
});
