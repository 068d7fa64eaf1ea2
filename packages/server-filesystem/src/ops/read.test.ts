import { writeFile as put } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isFsError } from "../errors.js";
import { type Fixture, makeFixture } from "../test-support/fixture.js";
import { readFile, readMediaFile, readMultipleFiles, readTextFile } from "./read.js";

let fx: Fixture;
beforeEach(async () => {
  fx = await makeFixture();
});
afterEach(() => fx.cleanup());

const lines = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}`).join("\n");

describe("readFile", () => {
  it("reads UTF-8 text, relative paths resolve against the first root", async () => {
    expect(await readFile(fx.context(), "a.txt")).toEqual({
      path: join(fx.allow, "a.txt"),
      content: "hello\nworld\n",
    });
  });

  it("refuses files over maxFileSize, directories, and missing files", async () => {
    await expect(readFile(fx.context({ maxFileSize: 5 }), join(fx.allow, "a.txt"))).rejects.toMatchObject({
      code: "TOO_LARGE",
    });
    await expect(readFile(fx.context(), join(fx.allow, "sub"))).rejects.toMatchObject({ code: "NOT_A_FILE" });
    await expect(readFile(fx.context(), join(fx.allow, "nope.txt"))).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});

describe("readTextFile", () => {
  it("returns the first or last lines", async () => {
    const path = join(fx.allow, "lines.txt");
    await put(path, `${lines(10)}\n`);
    const context = fx.context();
    expect((await readTextFile(context, { path, head: 3 })).content).toBe("line 1\nline 2\nline 3");
    expect((await readTextFile(context, { path, tail: 2 })).content).toBe("line 9\nline 10");
    expect((await readTextFile(context, { path, tail: 50 })).content).toBe(lines(10));
    expect((await readTextFile(context, { path, head: 0 })).content).toBe("");
    expect((await readTextFile(context, { path })).content).toBe(`${lines(10)}\n`);
  });

  it("handles files without a final newline and empty files", async () => {
    const path = join(fx.allow, "plain.txt");
    await put(path, "a\nb\nc");
    expect((await readTextFile(fx.context(), { path, tail: 1 })).content).toBe("c");
    expect((await readTextFile(fx.context(), { path, head: 5 })).content).toBe("a\nb\nc");
    await put(path, "");
    expect((await readTextFile(fx.context(), { path, tail: 3 })).content).toBe("");
  });

  it("reads only what it needs from files larger than the cap and larger than one chunk", async () => {
    const path = join(fx.allow, "big.txt");
    await put(path, `${lines(100_000)}\n`);
    const context = fx.context({ maxFileSize: 64 * 1024 });
    expect((await readTextFile(context, { path, head: 2 })).content).toBe("line 1\nline 2");
    expect((await readTextFile(context, { path, tail: 2 })).content).toBe("line 99999\nline 100000");
    await expect(readTextFile(context, { path })).rejects.toMatchObject({ code: "TOO_LARGE" });
    await expect(readTextFile(context, { path, head: 50_000 })).rejects.toMatchObject({ code: "TOO_LARGE" });
    await expect(readTextFile(context, { path, tail: 50_000 })).rejects.toMatchObject({ code: "TOO_LARGE" });
  });

  it("refuses head and tail together", async () => {
    const error = await readTextFile(fx.context(), { path: "a.txt", head: 1, tail: 1 }).catch((e) => e);
    expect(isFsError(error) && error.message).toMatch(/either head or tail/);
  });
});

describe("readMediaFile", () => {
  it("returns base64 with the MIME type and the content kind", async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]);
    await put(join(fx.allow, "p.PNG"), png);
    await put(join(fx.allow, "s.mp3"), Buffer.from([1, 2, 3]));
    await put(join(fx.allow, "d.bin"), Buffer.from([0]));
    const image = await readMediaFile(fx.context(), "p.PNG");
    expect(image).toMatchObject({ mimeType: "image/png", kind: "image", size: 7 });
    expect(Buffer.from(image.data, "base64")).toEqual(png);
    expect(await readMediaFile(fx.context(), "s.mp3")).toMatchObject({
      mimeType: "audio/mpeg",
      kind: "audio",
    });
    expect(await readMediaFile(fx.context(), "d.bin")).toMatchObject({
      mimeType: "application/octet-stream",
      kind: "blob",
    });
    await expect(readMediaFile(fx.context({ maxFileSize: 2 }), "p.PNG")).rejects.toMatchObject({
      code: "TOO_LARGE",
    });
  });
});

describe("readMultipleFiles", () => {
  it("one failure does not fail the rest", async () => {
    const { files } = await readMultipleFiles(fx.context(), ["a.txt", "missing.txt", "sub/b.md", ""]);
    expect(files[0]).toMatchObject({ content: "hello\nworld\n" });
    expect(files[1]).toMatchObject({ error: expect.stringMatching(/No such file/) });
    expect(files[2]).toMatchObject({ content: "# title\nbody\n" });
    expect(files[3]).toMatchObject({ error: expect.stringMatching(/empty/) });
  });

  it("caps the number of files", async () => {
    await expect(
      readMultipleFiles(fx.context({ maxReadFiles: 1 }), ["a.txt", "a.txt"]),
    ).rejects.toMatchObject({
      code: "TOO_LARGE",
    });
  });
});
