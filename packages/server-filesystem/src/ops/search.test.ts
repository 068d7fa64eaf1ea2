import { mkdir, writeFile as put } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Fixture, makeFixture } from "../test-support/fixture.js";
import { searchFiles } from "./search.js";
import { directoryTree } from "./tree.js";

let fx: Fixture;
beforeEach(async () => {
  fx = await makeFixture();
  await mkdir(join(fx.allow, "node_modules", "pkg"), { recursive: true });
  await put(join(fx.allow, "node_modules", "pkg", "index.txt"), "x");
  await put(join(fx.allow, ".hidden.txt"), "x");
});
afterEach(() => fx.cleanup());

describe("searchFiles", () => {
  it("matches names at any depth without '/', relative paths with '/', dotfiles included", async () => {
    const context = fx.context();
    const byName = await searchFiles(context, { path: fx.allow, pattern: "*.txt" });
    expect(byName.matches).toEqual([
      join(fx.allow, ".hidden.txt"),
      join(fx.allow, "a.txt"),
      join(fx.allow, "node_modules/pkg/index.txt"),
      join(fx.allow, "sub/deep/c.txt"),
    ]);
    const byPath = await searchFiles(context, { path: fx.allow, pattern: "sub/**/*.txt" });
    expect(byPath.matches).toEqual([join(fx.allow, "sub/deep/c.txt")]);
    const dirs = await searchFiles(context, { path: fx.allow, pattern: "deep" });
    expect(dirs.matches).toEqual([join(fx.allow, "sub/deep")]);
  });

  it("prunes excluded subtrees", async () => {
    const result = await searchFiles(fx.context(), {
      path: fx.allow,
      pattern: "*.txt",
      excludePatterns: ["node_modules", ".*"],
    });
    expect(result.matches).toEqual([join(fx.allow, "a.txt"), join(fx.allow, "sub/deep/c.txt")]);
  });

  it("caps results and walks, and reports it", async () => {
    const capped = await searchFiles(fx.context({ maxResults: 1 }), { path: fx.allow, pattern: "*.txt" });
    expect(capped).toMatchObject({ matches: [join(fx.allow, ".hidden.txt")], truncated: true });
    const walked = await searchFiles(fx.context({ maxWalkEntries: 3 }), { path: fx.allow, pattern: "*" });
    expect(walked.visited).toBe(3);
    expect(walked.truncated).toBe(true);
    const shallow = await searchFiles(fx.context({ maxDepth: 1 }), { path: fx.allow, pattern: "*.txt" });
    expect(shallow.matches).toEqual([join(fx.allow, ".hidden.txt"), join(fx.allow, "a.txt")]);
    expect(shallow.truncated).toBe(true);
  });

  it("rejects empty patterns", async () => {
    await expect(searchFiles(fx.context(), { path: fx.allow, pattern: " " })).rejects.toMatchObject({
      code: "INVALID_PATTERN",
    });
  });

  it("keeps the caller's spelling of a root given through a link", async () => {
    const { Sandbox } = await import("../sandbox.js");
    const sandbox = await Sandbox.create([fx.rootLink]);
    const result = await searchFiles(
      { sandbox, limits: fx.context().limits },
      { path: fx.rootLink, pattern: "c.txt" },
    );
    expect(result.matches).toEqual([join(fx.rootLink, "sub/deep/c.txt")]);
  });
});

describe("directoryTree", () => {
  it("builds a sorted tree; directories always have children; links are leaves", async () => {
    const { tree, entries, truncated } = await directoryTree(fx.context(), {
      path: join(fx.allow, "sub"),
    });
    expect(tree).toEqual([
      { name: "b.md", type: "file" },
      { name: "deep", type: "directory", children: [{ name: "c.txt", type: "file" }] },
    ]);
    expect(entries).toBe(3);
    expect(truncated).toBe(false);
    const empty = await directoryTree(fx.context(), { path: join(fx.allow, "empty") });
    expect(empty.tree).toEqual([]);
  });

  it("excludes patterns and caps entries", async () => {
    const excluded = await directoryTree(fx.context(), {
      path: fx.allow,
      excludePatterns: ["node_modules", "sub"],
    });
    const names = excluded.tree.map((node) => node.name);
    expect(names).not.toContain("node_modules");
    expect(names).not.toContain("sub");
    expect(names).toContain("a.txt");
    const capped = await directoryTree(fx.context({ maxEntries: 2 }), { path: fx.allow });
    expect(capped.entries).toBe(2);
    expect(capped.truncated).toBe(true);
  });
});
