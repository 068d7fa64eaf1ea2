import { describe, expect, it } from "vitest";
import { isReservedMetaKey, isValidMetaKey, META_KEYS } from "./meta.js";

describe("_meta keys", () => {
  it.each([
    ["progressToken", true],
    ["example.com/trace-id", true],
    ["io.modelcontextprotocol/related-task", true],
    ["a", true],
    ["", true],
    ["a-b_c.d", true],
    ["-bad", false],
    ["bad-", false],
    ["1abc.com/x", false],
    ["example..com/x", false],
    ["example.com/", true],
    ["exa mple/x", false],
  ])("isValidMetaKey(%j) is %s", (key, valid) => {
    expect(isValidMetaKey(key)).toBe(valid);
  });

  it.each([
    [META_KEYS.relatedTask, true],
    ["dev.mcp/x", true],
    ["com.mcp.tools/x", true],
    ["org.modelcontextprotocol.api/x", true],
    ["com.example.mcp/x", false],
    ["com.example/x", false],
    ["progressToken", false],
    ["mcp/x", false],
    ["io.modelcontextprotocol/-bad", false],
  ])("isReservedMetaKey(%j) is %s", (key, reserved) => {
    expect(isReservedMetaKey(key)).toBe(reserved);
  });
});
