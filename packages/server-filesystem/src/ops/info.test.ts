import { writeFile as put } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Fixture, makeFixture } from "../test-support/fixture.js";
import { getFileInfo, listAllowedDirectories, listDirectory, listDirectoryWithSizes } from "./info.js";

let fx: Fixture;
beforeEach(async () => {
  fx = await makeFixture();
});
afterEach(() => fx.cleanup());

describe("listDirectory", () => {
  it("lists entries in name order with their kind, links as links", async () => {
    const { entries, truncated } = await listDirectory(fx.context(), fx.allow);
    expect(truncated).toBe(false);
    expect(entries.map((entry) => entry.name)).toEqual([...entries.map((entry) => entry.name)].sort());
    expect(entries).toContainEqual({ name: "a.txt", type: "file" });
    expect(entries).toContainEqual({ name: "sub", type: "directory" });
    expect(entries).toContainEqual({ name: "dir-link-out", type: "symlink" });
  });

  it("caps entries and says so", async () => {
    const listing = await listDirectory(fx.context({ maxEntries: 2 }), fx.allow);
    expect(listing.entries).toHaveLength(2);
    expect(listing.truncated).toBe(true);
  });

  it("refuses files", async () => {
    await expect(listDirectory(fx.context(), "a.txt")).rejects.toMatchObject({ code: "NOT_A_DIRECTORY" });
  });
});

describe("listDirectoryWithSizes", () => {
  it("sorts by name or by size and sums the files", async () => {
    await put(join(fx.allow, "sub", "big.bin"), Buffer.alloc(1000));
    const byName = await listDirectoryWithSizes(fx.context(), { path: "sub" });
    expect(byName.entries.map((entry) => entry.name)).toEqual(["b.md", "big.bin", "deep"]);
    expect(byName).toMatchObject({ totalFiles: 2, totalDirectories: 1, totalSize: 1013, truncated: false });
    const bySize = await listDirectoryWithSizes(fx.context(), { path: "sub", sortBy: "size" });
    expect(bySize.entries[0]).toMatchObject({ name: "big.bin", size: 1000, type: "file" });
    expect(Date.parse(bySize.entries[0]!.modified)).toBeGreaterThan(0);
  });
});

describe("getFileInfo", () => {
  it("describes files, directories and inside links", async () => {
    const info = await getFileInfo(fx.context(), "a.txt");
    expect(info).toMatchObject({ type: "file", size: 12, isSymbolicLink: false });
    expect(info.permissions).toMatch(/^[0-7]{3}$/);
    expect(await getFileInfo(fx.context(), "sub")).toMatchObject({ type: "directory" });
    expect(await getFileInfo(fx.context(), "link-in")).toMatchObject({ type: "file", isSymbolicLink: true });
  });
});

describe("listAllowedDirectories", () => {
  it("returns the real roots", () => {
    expect(listAllowedDirectories(fx.context())).toEqual({ directories: [fx.allow] });
  });
});
