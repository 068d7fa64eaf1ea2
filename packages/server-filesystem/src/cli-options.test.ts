import { describe, expect, it } from "vitest";
import { parseSize, toServerOptions } from "./cli-options.js";

describe("cli options", () => {
  it("parses sizes with binary suffixes", () => {
    expect(parseSize("1024", "--x")).toBe(1024);
    expect(parseSize("10M", "--x")).toBe(10 * 1024 * 1024);
    expect(parseSize("2kb", "--x")).toBe(2048);
    expect(parseSize("1G", "--x")).toBe(1024 ** 3);
    for (const bad of ["0", "-1", "abc", "1.5M", "", "1T"])
      expect(() => parseSize(bad, "--x")).toThrow(/--x needs/);
  });

  it("maps flags to server options", () => {
    expect(
      toServerOptions(
        { "read-only": true, "ignore-client-roots": true, "max-file-size": "1M", "grep-timeout-ms": "500" },
        ["/a", "/b"],
      ),
    ).toEqual({
      directories: ["/a", "/b"],
      readOnly: true,
      useClientRoots: false,
      limits: { maxFileSize: 1024 * 1024, grepTimeoutMs: 500 },
    });
    expect(toServerOptions({}, [])).toEqual({
      directories: [],
      readOnly: false,
      useClientRoots: true,
      limits: {},
    });
  });
});
