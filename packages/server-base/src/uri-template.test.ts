import { describe, expect, it } from "vitest";
import { isServerError } from "./errors.js";
import { UriTemplate } from "./uri-template.js";

describe("UriTemplate", () => {
  it("matches simple variables and refuses other shapes", () => {
    const t = new UriTemplate("users://{id}/profile");
    expect(t.match("users://42/profile")).toEqual({ id: "42" });
    expect(t.match("users://42/other")).toBeUndefined();
    expect(t.match("users://a/b/profile")).toBeUndefined();
    expect(t.variableNames).toEqual(["id"]);
  });

  it("decodes percent-encoded values and round-trips them", () => {
    const t = new UriTemplate("notes://{title}");
    expect(t.match("notes://hello%20world")).toEqual({ title: "hello world" });
    expect(t.match("notes://hello%2fworld")).toEqual({ title: "hello/world" });
    expect(t.expand({ title: "a b" })).toBe("notes://a%20b");
  });

  it("matches reserved expansion across slashes", () => {
    const t = new UriTemplate("file:///{+path}");
    expect(t.match("file:///home/me/notes.txt")).toEqual({ path: "home/me/notes.txt" });
  });

  it("matches query expressions with optional parameters", () => {
    const t = new UriTemplate("search://items{?q,page}");
    expect(t.match("search://items?q=cat&page=2")).toEqual({ q: "cat", page: "2" });
    expect(t.match("search://items?q=cat")).toEqual({ q: "cat" });
    expect(t.match("search://items")).toEqual({});
    expect(t.match("search://items?page=2&q=cat")).toBeUndefined(); // not an expansion
    expect(t.match("search://items?q=cat&extra=1")).toBeUndefined();
  });

  it("matches path segments, explode, labels, matrix and fragments", () => {
    expect(new UriTemplate("repo://x{/segments*}").match("repo://x/a/b/c")).toEqual({
      segments: ["a", "b", "c"],
    });
    expect(new UriTemplate("f://name{.ext}").match("f://name.txt")).toEqual({ ext: "txt" });
    expect(new UriTemplate("m://x{;v}").match("m://x;v=1")).toEqual({ v: "1" });
    expect(new UriTemplate("d://doc{#section}").match("d://doc#intro")).toEqual({ section: "intro" });
    expect(new UriTemplate("l://{list}").match("l://a,b")).toEqual({ list: ["a", "b"] });
    expect(new UriTemplate("q://s{?tag*}").match("q://s?tag=a&tag=b")).toEqual({ tag: ["a", "b"] });
    expect(new UriTemplate("q://s{?tag*}").match("q://s?tag=a")).toEqual({ tag: ["a"] });
  });

  it("matches several variables in one expression", () => {
    const t = new UriTemplate("map://{x,y}");
    expect(t.match("map://1,2")).toEqual({ x: "1", y: "2" });
    expect(new UriTemplate("p://x{/a,b}").match("p://x/1/2")).toEqual({ a: "1", b: "2" });
  });

  it("treats percent-encoding case as equal and rejects malformed escapes", () => {
    const t = new UriTemplate("n://{v}");
    expect(t.match("n://%c3%a9")).toEqual({ v: "é" });
    expect(t.match("n://%zz")).toBeUndefined();
    expect(t.match("n://%E0%A4%A")).toBeUndefined();
  });

  it("rejects invalid templates with a ServerError", () => {
    try {
      new UriTemplate("broken://{unclosed");
      expect.unreachable();
    } catch (error) {
      expect(isServerError(error) && error.code).toBe("INVALID_TEMPLATE");
    }
  });
});
