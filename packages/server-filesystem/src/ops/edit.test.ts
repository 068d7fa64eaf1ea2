import { writeFile as put, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Fixture, makeFixture } from "../test-support/fixture.js";
import { editFile } from "./edit.js";

let fx: Fixture;
beforeEach(async () => {
  fx = await makeFixture();
});
afterEach(() => fx.cleanup());

describe("editFile", () => {
  it("applies exact replacements in order and returns a unified diff", async () => {
    const result = await editFile(fx.context(), {
      path: "a.txt",
      edits: [
        { oldText: "hello", newText: "goodbye" },
        { oldText: "goodbye\nworld", newText: "goodbye\nmoon" },
      ],
    });
    expect(result.applied).toBe(true);
    expect(result.replacements).toBe(2);
    expect(result.diff).toContain(`--- a${join(fx.allow, "a.txt")}`);
    expect(result.diff).toContain("-hello\n-world\n+goodbye\n+moon");
    expect(await readFile(join(fx.allow, "a.txt"), "utf8")).toBe("goodbye\nmoon\n");
  });

  it("a dry run returns the diff and writes nothing", async () => {
    const result = await editFile(fx.context(), {
      path: "a.txt",
      edits: [{ oldText: "world", newText: "there" }],
      dryRun: true,
    });
    expect(result).toMatchObject({ applied: false, replacements: 1 });
    expect(result.diff).toContain("+there");
    expect(await readFile(join(fx.allow, "a.txt"), "utf8")).toBe("hello\nworld\n");
  });

  it("fails the whole edit on a missing, empty or ambiguous oldText, writing nothing", async () => {
    await put(join(fx.allow, "r.txt"), "x x x\n");
    const edit = (edits: { oldText: string; newText: string; replaceAll?: boolean }[]) =>
      editFile(fx.context(), { path: "r.txt", edits });
    await expect(edit([{ oldText: "nope", newText: "" }])).rejects.toMatchObject({ code: "EDIT_FAILED" });
    await expect(edit([{ oldText: "", newText: "y" }])).rejects.toMatchObject({ code: "EDIT_FAILED" });
    await expect(
      edit([
        { oldText: "x x x", newText: "x x" },
        { oldText: "x", newText: "z" },
      ]),
    ).rejects.toThrow(/Edit 2: oldText occurs 2 times/);
    await expect(edit([{ oldText: "x", newText: "y" }])).rejects.toThrow(/occurs 3 times/);
    expect(await readFile(join(fx.allow, "r.txt"), "utf8")).toBe("x x x\n");
    expect(await edit([{ oldText: "x", newText: "$&y", replaceAll: true }])).toMatchObject({
      replacements: 3,
    });
    expect(await readFile(join(fx.allow, "r.txt"), "utf8")).toBe("$&y $&y $&y\n");
  });

  it("matches LF edits against CRLF files and keeps CRLF", async () => {
    await put(join(fx.allow, "w.txt"), "one\r\ntwo\r\n");
    await editFile(fx.context(), { path: "w.txt", edits: [{ oldText: "one\ntwo", newText: "1\n2" }] });
    expect(await readFile(join(fx.allow, "w.txt"), "utf8")).toBe("1\r\n2\r\n");
  });

  it("respects the size cap", async () => {
    await expect(
      editFile(fx.context({ maxFileSize: 4 }), { path: "a.txt", edits: [{ oldText: "a", newText: "b" }] }),
    ).rejects.toMatchObject({ code: "TOO_LARGE" });
    await put(join(fx.allow, "s.txt"), "ab");
    await expect(
      editFile(fx.context({ maxFileSize: 4 }), {
        path: "s.txt",
        edits: [{ oldText: "a", newText: "aaaaaa" }],
      }),
    ).rejects.toMatchObject({ code: "TOO_LARGE" });
  });
});
