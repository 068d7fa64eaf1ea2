import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openForRead, replaceAtomically } from "./safe-io.js";
import { type Fixture, makeFixture } from "./test-support/fixture.js";

let fx: Fixture;
beforeEach(async () => {
  fx = await makeFixture();
});
afterEach(() => fx.cleanup());

describe("safe IO", () => {
  it("opens for reading with O_NOFOLLOW: a symlink at the final component is refused", async () => {
    const { sandbox } = fx.context();
    await expect(openForRead(sandbox, join(fx.allow, "link-in"), "link-in")).rejects.toMatchObject({
      code: "SYMLINK_REFUSED",
    });
  });

  it("checks the opened descriptor: a file outside is refused even if the caller passed it", async () => {
    const { sandbox } = fx.context();
    await expect(openForRead(sandbox, join(fx.outside, "secret.txt"), "x")).rejects.toMatchObject({
      code: "SYMLINK_REFUSED",
    });
    const handle = await openForRead(sandbox, join(fx.allow, "a.txt"), "a.txt");
    expect(await handle.readFile("utf8")).toBe("hello\nworld\n");
    await handle.close();
  });

  it("a replace whose directory was swapped meanwhile leaves nothing behind", async () => {
    const { sandbox } = fx.context();
    await expect(
      replaceAtomically(sandbox, { real: join(fx.allow, "sub", "gone", "x.txt"), shown: "x", data: "x" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await readFile(join(fx.allow, "a.txt"), "utf8")).toBe("hello\nworld\n");
  });
});
