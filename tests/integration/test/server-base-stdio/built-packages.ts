// The stdio tests run the real built artifacts (what `npx @mcp/server-calculator` runs), not the
// sources. CI builds before testing; locally, packages whose sources are newer than their dist
// get their ESM rebuilt here with tsup (no declarations, no clean, so package checks keep theirs).
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";

export const repoRoot = resolve(import.meta.dirname, "../../../..");

const PACKAGES: { dir: string; outputs: string[] }[] = [
  { dir: "packages/protocol", outputs: ["dist/index.js"] },
  {
    dir: "packages/server-base",
    outputs: ["dist/index.js", "dist/stdio/index.js", "dist/cli/index.js", "dist/http/index.js"],
  },
  { dir: "packages/server-calculator", outputs: ["dist/cli.js"] },
];

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".ts") || entry.name.endsWith(".test.ts")) continue;
    newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

function oldestOutput(dir: string, outputs: string[]): number {
  try {
    return Math.min(...outputs.map((output) => statSync(join(dir, output)).mtimeMs));
  } catch {
    return 0;
  }
}

/** Builds what is stale and returns the path of the calculator's bin. */
export function ensureBuilt(): { calculatorBin: string; serverBaseDist: string } {
  const tsup = join(
    createRequire(join(repoRoot, "package.json")).resolve("tsup/package.json"),
    "../dist/cli-default.js",
  );
  for (const pkg of PACKAGES) {
    const dir = join(repoRoot, pkg.dir);
    if (oldestOutput(dir, pkg.outputs) > newestSource(join(dir, "src"))) continue;
    // The package's own tsup config, run in its folder (tsup reads the externals from the
    // package.json of its working directory), ESM only, keeping declarations already built.
    const built = spawnSync(
      process.execPath,
      [tsup, "--format", "esm", "--no-dts", "--no-clean", "--silent"],
      {
        cwd: dir,
        encoding: "utf8",
      },
    );
    if (built.status !== 0) throw new Error(`tsup failed in ${pkg.dir}:\n${built.stdout}${built.stderr}`);
  }
  return {
    calculatorBin: join(repoRoot, "packages/server-calculator/dist/cli.js"),
    serverBaseDist: join(repoRoot, "packages/server-base/dist"),
  };
}
