import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type WalkEntry, walk } from "./walk.js";

let base: string;
beforeEach(async () => {
  base = await realpath(await mkdtemp(join(tmpdir(), "mcp-fs-walk-")));
  await mkdir(join(base, "b", "c"), { recursive: true });
  await writeFile(join(base, "a.txt"), "");
  await writeFile(join(base, "b", "c", "d.txt"), "");
  await symlink(".", join(base, "loop"));
  await symlink("/", join(base, "to-root"));
});
afterEach(() => rm(base, { recursive: true, force: true }));

const collect = async (options: Partial<Parameters<typeof walk>[1]> = {}, stopAt?: string) => {
  const seen: WalkEntry[] = [];
  const summary = await walk(
    base,
    { maxVisited: 1000, maxDepth: 10, context: undefined, ...options },
    (entry) => {
      seen.push(entry);
      return entry.name === stopAt ? "stop" : undefined;
    },
  );
  return { seen, summary };
};

describe("walk", () => {
  it("visits a directory's entries in name order, then its subdirectories depth-first; never enters links", async () => {
    const { seen, summary } = await collect();
    expect(seen.map((entry) => `${entry.relative}:${entry.kind}:${entry.depth}`)).toEqual([
      "a.txt:file:1",
      "b:directory:1",
      "loop:symlink:1",
      "to-root:symlink:1",
      "b/c:directory:2",
      "b/c/d.txt:file:3",
    ]);
    expect(summary).toEqual({ visited: 6, truncated: false, unreadable: 0 });
  });

  it("stops at caps, on request, and on abort", async () => {
    expect((await collect({ maxVisited: 2 })).summary).toMatchObject({ visited: 2, truncated: true });
    const shallow = await collect({ maxDepth: 1 });
    expect(shallow.seen.map((entry) => entry.relative)).toEqual(["a.txt", "b", "loop", "to-root"]);
    expect(shallow.summary.truncated).toBe(true);
    expect((await collect({}, "b")).seen.map((entry) => entry.relative)).toEqual(["a.txt", "b"]);
    const controller = new AbortController();
    controller.abort(new Error("stop now"));
    await expect(collect({ signal: controller.signal })).rejects.toThrow("stop now");
  });

  it("counts unreadable directories and passes context down", async () => {
    const summary = await walk(
      join(base, "missing"),
      { maxVisited: 10, maxDepth: 5, context: 0 },
      () => undefined,
    );
    expect(summary.unreadable).toBe(1);
    const depths: number[] = [];
    await walk(
      base,
      { maxVisited: 100, maxDepth: 5, context: 0, enter: (_directory, parent) => parent + 1 },
      (_entry, level) => {
        depths.push(level);
        return undefined;
      },
    );
    expect(depths).toEqual([1, 1, 1, 1, 2, 3]);
  });
});
