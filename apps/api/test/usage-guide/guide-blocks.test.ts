import { describe, expect, it } from "vitest";
import {
  containsSubset,
  curlCalls,
  isRunnable,
  jsonValues,
  missingShape,
  parseGuide,
} from "./guide-blocks.js";

// The usage-guide test is only as strict as these helpers: check they reject what they must.
describe("parseGuide", () => {
  it("reads fences, info strings and the annotations right above them", () => {
    const blocks = parseGuide(
      [
        "Text.",
        "<!-- expect: a -->",
        '<!-- expect-status: 403\nexpect-json: {"x":1} -->',
        "",
        "```sh",
        "echo hi",
        "```",
        "```sh no-run",
        "rm -rf x",
        "```",
      ].join("\n"),
    );
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).toMatchObject({ line: 6, info: "sh", body: "echo hi" });
    expect(blocks[0]!.annotations).toEqual([
      { kind: "expect", text: "a" },
      { kind: "expect-status", status: 403 },
      { kind: "expect-json", subset: { x: 1 } },
    ]);
    expect(blocks.map(isRunnable)).toEqual([true, false]);
  });

  it("refuses a stray or unknown annotation, and an unclosed fence", () => {
    expect(() => parseGuide("<!-- expect: a -->\nprose\n```sh\nx\n```")).toThrow(/right above/);
    expect(() => parseGuide("<!-- expects: a -->\n```sh\nx\n```")).toThrow(/unknown guide annotation/);
    expect(() => parseGuide("```sh\nx\n")).toThrow(/unclosed fence/);
    expect(() => parseGuide("<!-- expect: a -->\n")).toThrow(/right above/);
  });
});

describe("jsonValues", () => {
  it("splits concatenated answers, strings with braces included", () => {
    expect(jsonValues('{"a":"}{"}{"b":[1,2]}\n[3]')).toEqual([{ a: "}{" }, { b: [1, 2] }, [3]]);
  });

  it("refuses text that is not a sequence of JSON values", () => {
    expect(jsonValues("HTTP/1.1 200 OK\n\n{}")).toBeUndefined();
    expect(jsonValues('{"a":1')).toBeUndefined();
    expect(jsonValues("")).toEqual([]);
  });
});

describe("containsSubset and missingShape", () => {
  it("matches subsets and reports the first missing key path", () => {
    const actual = { items: [{ slug: "a", n: 1 }, { slug: "b" }], total: 2 };
    expect(containsSubset(actual, { items: [{ slug: "b" }], total: 2 })).toBe(true);
    expect(containsSubset(actual, { total: 3 })).toBe(false);
    expect(containsSubset(actual, { items: [{ slug: "c" }] })).toBe(false);
    expect(missingShape(actual, { items: [{ slug: "x", n: 9 }], total: 0 })).toBeUndefined();
    expect(missingShape(actual, { items: [{ gone: 1 }] })).toBe("$.items[0]");
    expect(missingShape(actual, { extra: { deep: 1 } })).toBe("$.extra");
  });
});

describe("curlCalls", () => {
  it("finds each call's method and path, across continuations and pipes", () => {
    const script = [
      'curl -s "$MCP_URL/v1/mcp/executions?status=failed&page_size=5" -H "X: y" | node -pe "1"',
      'curl -s -X POST "$MCP_URL/v1/tenants" \\',
      "  -d '{}'",
      'curl -si -X DELETE "$MCP_URL/v1/agents/$ID"',
      'curl -s "$MCP_URL/v1/mcp/execute" -d \'{"tool":"add"}\'',
      "curl -s https://example.com/",
    ].join("\n");
    expect(curlCalls(script)).toEqual([
      { method: "GET", path: "/v1/mcp/executions?status=failed&page_size=5" },
      { method: "POST", path: "/v1/tenants" },
      { method: "DELETE", path: "/v1/agents/$ID" },
      { method: "POST", path: "/v1/mcp/execute" },
    ]);
  });
});
