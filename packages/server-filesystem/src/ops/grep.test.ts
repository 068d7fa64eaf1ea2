import { mkdir, writeFile as put } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Fixture, makeFixture } from "../test-support/fixture.js";
import { grep } from "./grep.js";

let fx: Fixture;
beforeEach(async () => {
  fx = await makeFixture();
  await put(join(fx.allow, "code.ts"), "import x;\n// TODO one\nconst a = 1;\r\n// todo two\nend\n");
  await put(join(fx.allow, "binary.dat"), Buffer.from([0x54, 0x4f, 0x44, 0x4f, 0, 1]));
  await mkdir(join(fx.allow, "build"));
  await put(join(fx.allow, "build", "out.ts"), "// TODO generated\n");
  await put(join(fx.allow, ".gitignore"), "build/\n*.log\n");
  await put(join(fx.allow, "debug.log"), "TODO log\n");
  await mkdir(join(fx.allow, "nested"));
  await put(join(fx.allow, "nested", ".gitignore"), "secret.ts\n");
  await put(join(fx.allow, "nested", "secret.ts"), "TODO hidden\n");
  await put(join(fx.allow, "nested", "open.ts"), "TODO visible\n");
  await mkdir(join(fx.allow, ".git"));
  await put(join(fx.allow, ".git", "HEAD"), "TODO git internals\n");
});
afterEach(() => fx.cleanup());

describe("grep", () => {
  it("finds matching lines with line, column and context, skipping binary files", async () => {
    const result = await grep(fx.context(), {
      path: join(fx.allow, "code.ts"),
      pattern: "TODO",
      contextLines: 1,
    });
    expect(result.matches).toEqual([
      {
        path: join(fx.allow, "code.ts"),
        line: 2,
        column: 4,
        text: "// TODO one",
        before: ["import x;"],
        after: ["const a = 1;"],
      },
    ]);
    const all = await grep(fx.context(), { path: fx.allow, pattern: "TODO", ignoreCase: true });
    const paths = all.matches.map((match) => match.path.slice(fx.allow.length + 1));
    expect(paths).toEqual(expect.arrayContaining(["code.ts", "build/out.ts", "debug.log", ".git/HEAD"]));
    expect(all.matches.filter((match) => match.path.endsWith("code.ts"))).toHaveLength(2);
    expect(all.skipped.binary).toBe(1);
    expect(all.filesMatched).toBe(paths.filter((p, i) => paths.indexOf(p) === i).length);
    expect(all.truncated).toBe(false);
  });

  it("honours .gitignore files at every level (and skips .git) only when asked", async () => {
    const result = await grep(fx.context(), { path: fx.allow, pattern: "TODO", respectGitignore: true });
    const paths = result.matches.map((match) => match.path.slice(fx.allow.length + 1)).sort();
    expect(paths).toEqual(["code.ts", "nested/open.ts"]);
  });

  it("filters by include glob and exclude patterns", async () => {
    const result = await grep(fx.context(), {
      path: fx.allow,
      pattern: "TODO",
      include: "*.ts",
      excludePatterns: ["nested"],
    });
    const paths = result.matches.map((match) => match.path.slice(fx.allow.length + 1)).sort();
    expect(paths).toEqual(["build/out.ts", "code.ts"]);
  });

  it("stops at the match cap and says so", async () => {
    const result = await grep(fx.context({ maxResults: 2 }), {
      path: fx.allow,
      pattern: "TODO",
      maxMatches: 50,
    });
    expect(result.matches).toHaveLength(2);
    expect(result.truncated).toBe(true);
  });

  it("waits for every batch: exact counts over many batches", async () => {
    await mkdir(join(fx.allow, "many"));
    for (let i = 0; i < 700; i++) await put(join(fx.allow, "many", `f${i}.txt`), `x\nMATCH ${i}\n`);
    for (let run = 0; run < 3; run++) {
      const result = await grep(fx.context(), { path: join(fx.allow, "many"), pattern: "MATCH \\d+" });
      expect(result.matches).toHaveLength(700);
      expect(result.filesSearched).toBe(700);
      expect(result.truncated).toBe(false);
    }
  });

  it("accepts patterns valid only outside unicode mode, and unicode property escapes", async () => {
    await put(join(fx.allow, "u.txt"), "a-b\nÉté\n");
    const escaped = await grep(fx.context(), { path: join(fx.allow, "u.txt"), pattern: "a\\-b" });
    expect(escaped.matches.map((match) => match.line)).toEqual([1]);
    const letters = await grep(fx.context(), { path: join(fx.allow, "u.txt"), pattern: "^\\p{Lu}\\p{Ll}+$" });
    expect(letters.matches.map((match) => match.text)).toEqual(["Été"]);
  });

  it("rejects invalid regular expressions", async () => {
    await expect(grep(fx.context(), { path: fx.allow, pattern: "(unclosed" })).rejects.toMatchObject({
      code: "INVALID_PATTERN",
    });
  });

  it("stops a catastrophically backtracking pattern within the time budget", async () => {
    await put(join(fx.allow, "evil.txt"), `${"a".repeat(40)}!\n`);
    const started = Date.now();
    const result = await grep(fx.context({ grepTimeoutMs: 300 }), {
      path: join(fx.allow, "evil.txt"),
      pattern: "^(a+)+$",
    });
    expect(result.timedOut).toBe(true);
    expect(result.truncated).toBe(true);
    expect(result.matches).toEqual([]);
    // A generous bound: the budget is 300 ms, without it this pattern runs for minutes.
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("skips files over the size cap", async () => {
    const result = await grep(fx.context({ maxFileSize: 12 }), { path: fx.allow, pattern: "TODO" });
    expect(result.skipped.tooLarge).toBeGreaterThan(0);
  });

  it("clips very long lines", async () => {
    await put(join(fx.allow, "long.txt"), `${"x".repeat(5000)}NEEDLE\n`);
    const result = await grep(fx.context(), { path: join(fx.allow, "long.txt"), pattern: "NEEDLE" });
    expect(result.matches[0]!.column).toBe(5001);
    expect(result.matches[0]!.text.length).toBeLessThanOrEqual(1001);
  });
});
