import { mkdir, readdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FsError, fromNodeError, isFsError } from "./errors.js";
import { listDirectory } from "./ops/info.js";
import { resolveReal } from "./resolve-real.js";
import { Sandbox } from "./sandbox.js";
import { type Fixture, makeFixture } from "./test-support/fixture.js";

let fx: Fixture;
beforeEach(async () => {
  fx = await makeFixture();
});
afterEach(() => fx.cleanup());

describe("Sandbox", () => {
  it("accepts a root itself and paths under root + '/', never a prefix sibling", () => {
    const sandbox = new Sandbox(["/x/allow"]);
    expect(sandbox.contains("/x/allow")).toBe(true);
    expect(sandbox.contains("/x/allow/a")).toBe(true);
    expect(sandbox.contains("/x/allow_secret")).toBe(false);
    expect(sandbox.contains("/x/allowa/b")).toBe(false);
    expect(sandbox.contains("/x")).toBe(false);
    expect(new Sandbox(["/"]).contains("/anything")).toBe(true);
  });

  it("creates roots from ~, file:// URIs and symlinks; skips invalid ones on request", async () => {
    const sandbox = await Sandbox.create([pathToFileURL(fx.rootLink).href, fx.allow]);
    expect(sandbox.roots).toEqual([fx.allow]);
    await expect(Sandbox.create([join(fx.base, "missing")])).rejects.toMatchObject({ code: "NOT_FOUND" });
    const skipped = await Sandbox.create([join(fx.base, "missing"), join(fx.allow, "a.txt"), fx.outside], {
      skipInvalid: true,
    });
    expect(skipped.roots).toEqual([fx.outside]);
  });

  it("refuses everything without roots", async () => {
    const empty = new Sandbox([]);
    await expect(empty.resolveExisting("/tmp")).rejects.toMatchObject({ code: "OUTSIDE_ROOTS" });
    await expect(empty.resolveEntry("/tmp/x")).rejects.toMatchObject({ code: "OUTSIDE_ROOTS" });
  });

  it("resolves missing paths through their deepest existing ancestor", async () => {
    expect(await resolveReal(join(fx.rootLink, "new", "deeper.txt"))).toEqual({
      real: join(fx.allow, "new", "deeper.txt"),
      exists: false,
      viaDanglingLink: false,
    });
    expect(await resolveReal(join(fx.allow, "dangling-out"))).toMatchObject({
      real: join(fx.outside, "new.txt"),
      viaDanglingLink: true,
    });
    await symlink("dangling-out", join(fx.allow, "chain"));
    expect(await resolveReal(join(fx.allow, "chain", "x"))).toMatchObject({
      real: join(fx.outside, "new.txt", "x"),
      viaDanglingLink: true,
    });
  });

  it("gives a clear error for names that are not valid UTF-8", async () => {
    const dir = join(fx.allow, "bytes");
    await mkdir(dir);
    await writeFile(
      Buffer.concat([Buffer.from(`${dir}/bad-`), Buffer.from([0xff, 0xfe]), Buffer.from(".txt")]),
      "x",
    );
    const { entries } = await listDirectory(fx.context(), dir);
    expect(entries).toHaveLength(1);
    const shown = entries[0]!.name;
    expect(shown).toContain("\uFFFD");
    await expect(fx.context().sandbox.resolveExisting(join(dir, shown))).rejects.toThrow(/not valid UTF-8/);
    expect(await readdir(dir)).toHaveLength(1);
  });
});

describe("errors", () => {
  it("maps Node errno codes to FsError codes, keeping the cause", () => {
    const cases: [string, string][] = [
      ["ENOENT", "NOT_FOUND"],
      ["EEXIST", "ALREADY_EXISTS"],
      ["ENOTDIR", "NOT_A_DIRECTORY"],
      ["EISDIR", "NOT_A_FILE"],
      ["ENOTEMPTY", "NOT_EMPTY"],
      ["ELOOP", "SYMLINK_REFUSED"],
      ["ENAMETOOLONG", "INVALID_PATH"],
      ["EACCES", "IO"],
      ["EPERM", "IO"],
      ["EIO", "IO"],
    ];
    for (const [errno, code] of cases) {
      const cause = Object.assign(new Error(errno), { code: errno });
      const error = fromNodeError(cause, "/p");
      expect(error.code).toBe(code);
      expect(error.cause).toBe(cause);
      expect(error.message).toContain("/p");
    }
    const own = new FsError("TOO_LARGE", "big");
    expect(fromNodeError(own, "/p")).toBe(own);
    expect(fromNodeError("weird", "/p").message).toMatch(/unknown/);
  });

  it("recognises FsError by brand, not instanceof", () => {
    const error = new FsError("IO", "x");
    expect(isFsError(error)).toBe(true);
    expect(isFsError({ ...error, [Symbol.for("@mcp/server-filesystem/FsError")]: true })).toBe(true);
    expect(isFsError(new Error("x"))).toBe(false);
    expect(isFsError(null)).toBe(false);
    expect(error.name).toBe("FsError");
  });
});
