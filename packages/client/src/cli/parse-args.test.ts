import { describe, expect, it } from "vitest";
import { parseCliArgs, UsageError } from "./parse-args.js";

describe("parseCliArgs", () => {
  it("reads a stdio server after --, untouched", () => {
    expect(
      parseCliArgs(["call", "add", '{"a":1}', "--env", "K=v=w", "--", "node", "s.js", "--url", "x"]),
    ).toEqual({
      kind: "run",
      command: "call",
      args: ["add", '{"a":1}'],
      server: { kind: "stdio", command: "node", args: ["s.js", "--url", "x"], env: { K: "v=w" } },
      timeoutMs: undefined,
    });
  });

  it("reads a URL server with headers and a timeout, options in any order", () => {
    const parsed = parseCliArgs([
      "--url",
      "http://h/mcp",
      "tools",
      "--header",
      "Authorization: Bearer t",
      "--timeout",
      "500",
    ]);
    expect(parsed).toMatchObject({
      kind: "run",
      command: "tools",
      timeoutMs: 500,
      server: { kind: "url", headers: { authorization: "Bearer t" } },
    });
  });

  it("answers help and version before anything else", () => {
    expect(parseCliArgs(["--help"])).toEqual({ kind: "help" });
    expect(parseCliArgs(["tools", "-v"])).toEqual({ kind: "version" });
    // After --, -h belongs to the server command.
    expect(parseCliArgs(["ping", "--", "srv", "-h"])).toMatchObject({
      kind: "run",
      server: { args: ["-h"] },
    });
  });

  it.each([
    [[], "No command given"],
    [["frobnicate", "--url", "http://h"], 'Unknown command "frobnicate"'],
    [["tools"], "No server"],
    [["tools", "--url"], "--url needs a value"],
    [["tools", "--url", "not a url"], "Invalid URL"],
    [["tools", "--url", "http://h", "--", "x"], "not both"],
    [["tools", "--bogus", "--url", "http://h"], "Unknown option --bogus"],
    [["call", "--url", "http://h"], '"call" needs an argument'],
    [["tools", "--timeout", "-5", "--url", "http://h"], "positive integer"],
    [["tools", "--header", "nocolon", "--url", "http://h"], "Name: value"],
    [["tools", "--env", "novalue", "--", "x"], "NAME=value"],
  ])("rejects %j", (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(UsageError);
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});
