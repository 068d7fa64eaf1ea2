import { homedir } from "node:os";
import { describe, expect, it } from "vitest";
import { isFsError } from "./errors.js";
import { parsePathInput } from "./path-input.js";

const base = "/srv/data";
const reason = (raw: unknown, platform?: NodeJS.Platform) => {
  try {
    parsePathInput(raw, { base, platform });
  } catch (error) {
    if (isFsError(error)) return `${error.code}: ${error.message}`;
    throw error;
  }
  return "accepted";
};

describe("parsePathInput", () => {
  it("makes relative paths absolute against the base and normalises", () => {
    expect(parsePathInput("notes/a.txt", { base })).toBe("/srv/data/notes/a.txt");
    expect(parsePathInput("/srv/data/./x//y/", { base })).toBe("/srv/data/x/y");
    expect(parsePathInput(".", { base })).toBe("/srv/data");
    expect(parsePathInput("/", { base })).toBe("/");
  });

  it("expands ~ to the home directory", () => {
    expect(parsePathInput("~", { base })).toBe(homedir());
    expect(parsePathInput("~/x", { base })).toBe(`${homedir()}/x`);
  });

  it("refuses empty, blank and non-string paths", () => {
    expect(reason("")).toMatch(/^INVALID_PATH: Path is empty/);
    expect(reason("   ")).toMatch(/^INVALID_PATH: Path is empty/);
    expect(reason(42)).toMatch(/^INVALID_PATH: Path must be a string/);
    expect(reason(undefined)).toMatch(/must be a string/);
  });

  it("refuses NUL bytes", () => {
    expect(reason("/srv/data/a\0.txt")).toMatch(/NUL byte/);
  });

  it("refuses '..' segments even when they would stay inside", () => {
    expect(reason("../etc/passwd")).toMatch(/'\.\.' segment/);
    expect(reason("/srv/data/sub/../a.txt")).toMatch(/'\.\.' segment/);
    expect(reason("/srv/data/..")).toMatch(/'\.\.' segment/);
    expect(reason("/srv/data/..hidden")).toBe("accepted");
  });

  it("refuses Windows-style paths on POSIX", () => {
    expect(reason("C:\\Users\\x", "linux")).toMatch(/Windows-style/);
    expect(reason("C:/Users/x", "linux")).toMatch(/Windows-style/);
    expect(reason("\\\\server\\share", "linux")).toMatch(/Windows-style/);
    expect(reason("dir\\file", "linux")).toMatch(/Windows-style/);
    expect(reason("C:", "linux")).toMatch(/Windows-style/);
  });

  it("refuses text that is not valid UTF-8", () => {
    expect(reason("/srv/data/\uD800x")).toMatch(/not valid UTF-8/);
    expect(reason("/srv/data/x\uDC00")).toMatch(/not valid UTF-8/);
    expect(reason("/srv/data/\uD83D\uDE00.txt")).toBe("accepted");
  });

  it("refuses very long paths and names", () => {
    expect(reason(`/srv/${"a".repeat(256)}`)).toMatch(/segment is longer than 255 bytes/);
    expect(reason(`/srv/${"é".repeat(128)}`)).toMatch(/longer than 255 bytes/);
    expect(reason(`/srv/${`${"a".repeat(200)}/`.repeat(25)}`)).toMatch(/longer than 4096 bytes/);
    expect(reason(`/srv/${"a".repeat(255)}`)).toBe("accepted");
  });

  it("shortens very long paths in messages", () => {
    const message = reason(`/${"a".repeat(300)}/../x`);
    expect(message.length).toBeLessThan(300);
  });
});
