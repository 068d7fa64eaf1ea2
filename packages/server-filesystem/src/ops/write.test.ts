import { chmod, lstat, mkdir, readdir, readFile, stat, symlink } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Fixture, makeFixture } from "../test-support/fixture.js";
import { createDirectory, deleteFile, moveFile, writeFile } from "./write.js";

let fx: Fixture;
beforeEach(async () => {
  fx = await makeFixture();
});
afterEach(() => fx.cleanup());

describe("writeFile", () => {
  it("creates new files and replaces existing ones atomically, keeping the mode", async () => {
    const context = fx.context();
    expect(await writeFile(context, { path: "new.txt", content: "héllo" })).toEqual({
      path: join(fx.allow, "new.txt"),
      created: true,
      bytes: 6,
    });
    await chmod(join(fx.allow, "new.txt"), 0o640);
    expect((await writeFile(context, { path: "new.txt", content: "second" })).created).toBe(false);
    expect(await readFile(join(fx.allow, "new.txt"), "utf8")).toBe("second");
    expect((await stat(join(fx.allow, "new.txt"))).mode & 0o777).toBe(0o640);
    // no temporary files are left behind
    expect((await readdir(fx.allow)).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it("writes through an inside link to its target, leaving the link in place", async () => {
    await writeFile(fx.context(), { path: "link-in", content: "via link" });
    expect(await readFile(join(fx.allow, "a.txt"), "utf8")).toBe("via link");
    expect((await lstat(join(fx.allow, "link-in"))).isSymbolicLink()).toBe(true);
  });

  it("refuses content over the cap, directories, and missing parents", async () => {
    await expect(
      writeFile(fx.context({ maxFileSize: 3 }), { path: "x.txt", content: "four" }),
    ).rejects.toMatchObject({
      code: "TOO_LARGE",
    });
    await expect(writeFile(fx.context(), { path: "sub", content: "x" })).rejects.toMatchObject({
      code: "NOT_A_FILE",
    });
    await expect(writeFile(fx.context(), { path: "no/such/dir.txt", content: "x" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});

describe("createDirectory", () => {
  it("creates missing parents and is idempotent", async () => {
    expect(await createDirectory(fx.context(), "x/y/z")).toEqual({
      path: join(fx.allow, "x/y/z"),
      created: true,
    });
    expect((await stat(join(fx.allow, "x/y/z"))).isDirectory()).toBe(true);
    expect(await createDirectory(fx.context(), "x/y/z")).toMatchObject({ created: false });
    await expect(createDirectory(fx.context(), "a.txt")).rejects.toMatchObject({ code: "NOT_A_DIRECTORY" });
  });

  it("creates inside through an inside directory link", async () => {
    await createDirectory(fx.context(), "dir-link-in/made/deeper");
    expect((await stat(join(fx.allow, "sub/made/deeper"))).isDirectory()).toBe(true);
  });

  it("refuses a component that is a file", async () => {
    await expect(createDirectory(fx.context(), "a.txt/x")).rejects.toMatchObject({ code: "NOT_A_DIRECTORY" });
  });
});

describe("deleteFile", () => {
  it("deletes files; directories only when empty and asked", async () => {
    await deleteFile(fx.context(), { path: "a.txt" });
    await expect(stat(join(fx.allow, "a.txt"))).rejects.toThrow();
    await expect(deleteFile(fx.context(), { path: "empty" })).rejects.toMatchObject({ code: "NOT_A_FILE" });
    await expect(deleteFile(fx.context(), { path: "sub", directory: true })).rejects.toMatchObject({
      code: "NOT_EMPTY",
    });
    expect(await deleteFile(fx.context(), { path: "empty", directory: true })).toMatchObject({
      kind: "directory",
    });
    await expect(deleteFile(fx.context(), { path: "missing" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("deletes a dangling link inside", async () => {
    expect(await deleteFile(fx.context(), { path: "dangling-in" })).toMatchObject({ kind: "symlink" });
  });
});

describe("moveFile", () => {
  it("moves files and directories, failing when the destination exists", async () => {
    const context = fx.context();
    await moveFile(context, { source: "a.txt", destination: "sub/a2.txt" });
    expect(await readFile(join(fx.allow, "sub/a2.txt"), "utf8")).toBe("hello\nworld\n");
    await expect(stat(join(fx.allow, "a.txt"))).rejects.toThrow();
    await moveFile(context, { source: "sub/deep", destination: "deep2" });
    expect(await readdir(join(fx.allow, "deep2"))).toEqual(["c.txt"]);
    await expect(moveFile(context, { source: "sub/b.md", destination: "sub/a2.txt" })).rejects.toMatchObject({
      code: "ALREADY_EXISTS",
    });
    await expect(moveFile(context, { source: "sub/b.md", destination: "dangling-in" })).rejects.toMatchObject(
      {
        code: "ALREADY_EXISTS",
      },
    );
    expect(await readFile(join(fx.allow, "sub/a2.txt"), "utf8")).toBe("hello\nworld\n");
  });

  it("moves an inside link as a link", async () => {
    await mkdir(join(fx.allow, "links"));
    await symlink(join(fx.allow, "a.txt"), join(fx.allow, "abs-link"));
    await moveFile(fx.context(), { source: "abs-link", destination: "links/abs-link" });
    expect((await lstat(join(fx.allow, "links/abs-link"))).isSymbolicLink()).toBe(true);
  });

  it("refuses moving a directory into itself, the root, and to a missing parent", async () => {
    await expect(
      moveFile(fx.context(), { source: "sub", destination: "sub/deep/sub" }),
    ).rejects.toMatchObject({
      code: "INVALID_PATH",
    });
    await expect(moveFile(fx.context(), { source: fx.allow, destination: "x" })).rejects.toMatchObject({
      code: "INVALID_PATH",
    });
    await expect(
      moveFile(fx.context(), { source: "a.txt", destination: "no/such/a.txt" }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(moveFile(fx.context(), { source: "nope", destination: "x" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});
