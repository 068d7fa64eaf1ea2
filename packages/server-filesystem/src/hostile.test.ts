// Hostile fixture: prefix siblings, links in and out, dangling links, loops, and symlinks planted
// between the check and the write. Every test compares the disk outside the root before and after.
import { readdir, readFile, symlink, unlink } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { FsContext } from "./context.js";
import { isFsError } from "./errors.js";
import { editFile } from "./ops/edit.js";
import { grep } from "./ops/grep.js";
import { getFileInfo, listDirectory, listDirectoryWithSizes } from "./ops/info.js";
import { readMediaFile, readMultipleFiles, readTextFile, readFile as readTool } from "./ops/read.js";
import { searchFiles } from "./ops/search.js";
import { directoryTree } from "./ops/tree.js";
import { createDirectory, deleteFile, moveFile, writeFile } from "./ops/write.js";
import { Sandbox } from "./sandbox.js";
import { type Fixture, makeFixture } from "./test-support/fixture.js";

let fx: Fixture;
let context: FsContext;
let before: Record<string, string>;

beforeEach(async () => {
  fx = await makeFixture();
  context = fx.context();
  before = await fx.snapshotOutside();
});

afterEach(async () => {
  // The disk outside the root must be exactly as it was, whatever the test did.
  expect(await fx.snapshotOutside()).toEqual(before);
  await fx.cleanup();
});

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isFsError(error)) return error.code;
    throw error;
  }
  return "OK";
}

const escapes = (fx: Fixture) => [
  join(fx.allow, "link-out"),
  join(fx.allow, "dir-link-out", "secret.txt"),
  join(fx.allow, "prefix-link", "secret.txt"),
  join(fx.secret, "secret.txt"),
  join(fx.outside, "secret.txt"),
  "/etc/passwd",
];

describe("reading never leaves the root", () => {
  it("refuses every escape for read_file, read_text_file, read_media_file, get_file_info", async () => {
    for (const path of escapes(fx)) {
      expect(await codeOf(readTool(context, path))).toMatch(/OUTSIDE_ROOTS|SYMLINK_REFUSED/);
      expect(await codeOf(readTextFile(context, { path, head: 1 }))).toMatch(/OUTSIDE_ROOTS|SYMLINK_REFUSED/);
      expect(await codeOf(readMediaFile(context, path))).toMatch(/OUTSIDE_ROOTS|SYMLINK_REFUSED/);
      expect(await codeOf(getFileInfo(context, path))).toMatch(/OUTSIDE_ROOTS|SYMLINK_REFUSED/);
    }
  });

  it("names links that lead out as symlink refusals, never showing their targets", async () => {
    try {
      await readTool(context, join(fx.allow, "link-out"));
      expect.unreachable();
    } catch (error) {
      expect(isFsError(error) && error.code).toBe("SYMLINK_REFUSED");
      expect((error as Error).message).not.toContain("outside/secret");
    }
  });

  it("read_multiple_files reports each escape as an error and never returns outside content", async () => {
    const { files } = await readMultipleFiles(context, [join(fx.allow, "a.txt"), ...escapes(fx)]);
    expect(files[0]).toEqual({ path: join(fx.allow, "a.txt"), content: "hello\nworld\n" });
    expect(files.slice(1).every((file) => "error" in file)).toBe(true);
    expect(JSON.stringify(files)).not.toMatch(/SECRET/);
  });

  it("follows links that stay inside", async () => {
    expect((await readTool(context, join(fx.allow, "link-in"))).content).toBe("hello\nworld\n");
    expect((await readTool(context, join(fx.allow, "dir-link-in", "b.md"))).content).toContain("title");
  });

  it("a root given through a symlink still works, both through the link and by its real path", async () => {
    const sandbox = await Sandbox.create([fx.rootLink]);
    expect(sandbox.roots).toEqual([fx.allow]);
    const viaLink = { sandbox, limits: context.limits };
    expect((await readTool(viaLink, join(fx.rootLink, "a.txt"))).content).toBe("hello\nworld\n");
    expect((await readTool(viaLink, join(fx.allow, "a.txt"))).content).toBe("hello\nworld\n");
    expect(await codeOf(readTool(viaLink, join(fx.rootLink, "link-out")))).toBe("SYMLINK_REFUSED");
  });

  it("symlink loops fail cleanly", async () => {
    expect(await codeOf(readTool(context, join(fx.allow, "loop-a")))).toBe("SYMLINK_REFUSED");
    expect(await codeOf(writeFile(context, { path: join(fx.allow, "loop-a"), content: "x" }))).toBe(
      "SYMLINK_REFUSED",
    );
  });

  it("dangling links: outside refused, inside reported as missing", async () => {
    expect(await codeOf(readTool(context, join(fx.allow, "dangling-out")))).toBe("SYMLINK_REFUSED");
    expect(await codeOf(readTool(context, join(fx.allow, "dangling-in")))).toBe("NOT_FOUND");
  });
});

describe("listing never leaves the root", () => {
  it("refuses listing through links that lead out and the prefix sibling", async () => {
    for (const path of [
      join(fx.allow, "dir-link-out"),
      join(fx.allow, "prefix-link"),
      fx.secret,
      fx.outside,
    ]) {
      expect(await codeOf(listDirectory(context, path))).toMatch(/OUTSIDE_ROOTS|SYMLINK_REFUSED/);
      expect(await codeOf(listDirectoryWithSizes(context, { path }))).toMatch(
        /OUTSIDE_ROOTS|SYMLINK_REFUSED/,
      );
      expect(await codeOf(directoryTree(context, { path }))).toMatch(/OUTSIDE_ROOTS|SYMLINK_REFUSED/);
      expect(await codeOf(searchFiles(context, { path, pattern: "*" }))).toMatch(
        /OUTSIDE_ROOTS|SYMLINK_REFUSED/,
      );
      expect(await codeOf(grep(context, { path, pattern: "SECRET" }))).toMatch(
        /OUTSIDE_ROOTS|SYMLINK_REFUSED/,
      );
    }
  });

  it("walks never enter links, so nothing outside (or looping) shows up", async () => {
    const tree = await directoryTree(context, { path: fx.allow });
    const text = JSON.stringify(tree);
    expect(text).not.toContain("secret.txt");
    expect(text).not.toContain("x.txt");
    expect(tree.tree.find((node) => node.name === "dir-link-out")).toEqual({
      name: "dir-link-out",
      type: "symlink",
    });
    const search = await searchFiles(context, { path: fx.allow, pattern: "*.txt" });
    expect(search.matches.sort()).toEqual([join(fx.allow, "a.txt"), join(fx.allow, "sub/deep/c.txt")]);
    const found = await grep(context, { path: fx.allow, pattern: "SECRET|outside" });
    expect(found.matches).toEqual([]);
  });

  it("sizes are of the links themselves, revealing nothing about their targets", async () => {
    const listing = await listDirectoryWithSizes(context, { path: fx.allow });
    const linkOut = listing.entries.find((entry) => entry.name === "link-out")!;
    expect(linkOut.type).toBe("symlink");
    expect(linkOut.size).toBe("../outside/secret.txt".length);
  });
});

describe("writing never leaves the root", () => {
  it("refuses writing through links that lead out, dangling links out, and the prefix sibling", async () => {
    for (const path of [
      join(fx.allow, "link-out"),
      join(fx.allow, "dangling-out"),
      join(fx.allow, "dir-link-out", "new.txt"),
      join(fx.allow, "prefix-link", "new.txt"),
      join(fx.secret, "new.txt"),
    ]) {
      expect(await codeOf(writeFile(context, { path, content: "pwned" }))).toMatch(
        /OUTSIDE_ROOTS|SYMLINK_REFUSED/,
      );
    }
    expect(
      await codeOf(
        editFile(context, { path: join(fx.allow, "link-out"), edits: [{ oldText: "OUT", newText: "X" }] }),
      ),
    ).toBe("SYMLINK_REFUSED");
    expect(await codeOf(createDirectory(context, join(fx.allow, "dir-link-out", "made")))).toBe(
      "SYMLINK_REFUSED",
    );
    expect(await codeOf(createDirectory(context, join(fx.allow, "dangling-out")))).toBe("SYMLINK_REFUSED");
  });

  it("a link planted at a new file's place between the check and the write makes the write fail", async () => {
    const target = join(fx.allow, "fresh.txt");
    const raced: FsContext = {
      ...context,
      beforeOpen: async (real) => {
        if (real === target) await symlink(join(fx.outside, "planted.txt"), target);
      },
    };
    expect(await codeOf(writeFile(raced, { path: target, content: "pwned" }))).toBe("ALREADY_EXISTS");
    await unlink(target);
  });

  it("a link planted at an existing file's place is replaced, not followed", async () => {
    const target = join(fx.allow, "a.txt");
    const raced: FsContext = {
      ...context,
      beforeOpen: async () => {
        await unlink(target);
        await symlink(join(fx.outside, "secret.txt"), target);
      },
    };
    await writeFile(raced, { path: target, content: "new content" });
    expect(await readFile(target, "utf8")).toBe("new content");
  });

  it("a directory swapped for an outside link before the open is caught by the descriptor check", async () => {
    const target = join(fx.allow, "empty", "f.txt");
    const raced: FsContext = {
      ...context,
      beforeOpen: async () => {
        const { rmdir } = await import("node:fs/promises");
        await rmdir(join(fx.allow, "empty"));
        await symlink(fx.outside, join(fx.allow, "empty"));
      },
    };
    expect(await codeOf(writeFile(raced, { path: target, content: "pwned" }))).toBe("SYMLINK_REFUSED");
    // The empty file created outside was removed again: the snapshot check in afterEach proves it.
  });

  it("writes through a dangling link that stays inside create its target", async () => {
    await writeFile(context, { path: join(fx.allow, "dangling-in"), content: "made" });
    expect(await readFile(join(fx.allow, "missing.txt"), "utf8")).toBe("made");
  });
});

describe("moving and deleting never leave the root", () => {
  it("refuses moving links that lead out, and moving to or from outside", async () => {
    expect(
      await codeOf(
        moveFile(context, { source: join(fx.allow, "link-out"), destination: join(fx.allow, "moved") }),
      ),
    ).toBe("SYMLINK_REFUSED");
    expect(
      await codeOf(
        moveFile(context, { source: join(fx.allow, "dangling-out"), destination: join(fx.allow, "m2") }),
      ),
    ).toBe("SYMLINK_REFUSED");
    expect(
      await codeOf(
        moveFile(context, { source: join(fx.allow, "a.txt"), destination: join(fx.secret, "a.txt") }),
      ),
    ).toBe("OUTSIDE_ROOTS");
    expect(
      await codeOf(
        moveFile(context, {
          source: join(fx.allow, "a.txt"),
          destination: join(fx.allow, "dir-link-out", "a.txt"),
        }),
      ),
    ).toBe("SYMLINK_REFUSED");
    expect(
      await codeOf(
        moveFile(context, { source: join(fx.outside, "secret.txt"), destination: join(fx.allow, "s") }),
      ),
    ).toBe("OUTSIDE_ROOTS");
    expect(
      await codeOf(
        moveFile(context, {
          source: join(fx.allow, "dir-link-out", "secret.txt"),
          destination: join(fx.allow, "s"),
        }),
      ),
    ).toBe("SYMLINK_REFUSED");
  });

  it("refuses deleting outside, through links, or the root itself; deleting a link removes only the link", async () => {
    expect(await codeOf(deleteFile(context, { path: join(fx.outside, "secret.txt") }))).toBe("OUTSIDE_ROOTS");
    expect(await codeOf(deleteFile(context, { path: join(fx.secret, "secret.txt") }))).toBe("OUTSIDE_ROOTS");
    expect(await codeOf(deleteFile(context, { path: join(fx.allow, "dir-link-out", "secret.txt") }))).toBe(
      "SYMLINK_REFUSED",
    );
    expect(await codeOf(deleteFile(context, { path: join(fx.allow, "link-out") }))).toBe("SYMLINK_REFUSED");
    expect(await codeOf(deleteFile(context, { path: fx.allow, directory: true }))).toBe("INVALID_PATH");
    expect((await deleteFile(context, { path: join(fx.allow, "link-in") })).kind).toBe("symlink");
    expect(await readFile(join(fx.allow, "a.txt"), "utf8")).toBe("hello\nworld\n");
    expect(await readdir(fx.allow)).not.toContain("link-in");
  });
});
