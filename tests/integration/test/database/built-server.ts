// The stdio test runs the real built bin (what `npx @mcp/server-database` runs), not the sources.
// CI builds before testing; locally, packages whose sources are newer than their dist get their
// ESM rebuilt here with tsup (no declarations, no clean, so package checks keep theirs).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

export const repoRoot = resolve(import.meta.dirname, "../../../..");

const PACKAGES: { dir: string; entry: string[]; outputs: string[] }[] = [
  { dir: "packages/protocol", entry: ["src/index.ts"], outputs: ["dist/index.js"] },
  {
    dir: "packages/server-base",
    entry: ["src/index.ts", "src/stdio/index.ts", "src/cli/index.ts", "src/http/index.ts"],
    outputs: ["dist/index.js", "dist/stdio/index.js", "dist/cli/index.js", "dist/http/index.js"],
  },
  { dir: "packages/server-database", entry: ["src/index.ts", "src/cli.ts"], outputs: ["dist/cli.js"] },
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

/** Builds what is stale and returns the path of the database server's bin. */
export async function ensureDatabaseServerBuilt(): Promise<string> {
  const require = createRequire(join(repoRoot, "package.json"));
  let tsup: { build: (options: Record<string, unknown>) => Promise<void> } | undefined;
  for (const pkg of PACKAGES) {
    const dir = join(repoRoot, pkg.dir);
    if (oldestOutput(dir, pkg.outputs) > newestSource(join(dir, "src"))) continue;
    tsup ??= await import(pathToFileURL(require.resolve("tsup")).href);
    // Run from the repo root, tsup would bundle the package's dependencies (it reads the root
    // package.json); keep them external as the package's own build does.
    const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    await tsup?.build({
      config: false,
      external: Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies }),
      entry: pkg.entry.map((entry) => join(dir, entry)),
      outDir: join(dir, "dist"),
      tsconfig: join(dir, "tsconfig.build.json"),
      format: ["esm"],
      target: "node20",
      dts: false,
      clean: false,
      silent: true,
    });
  }
  return join(repoRoot, "packages/server-database/dist/cli.js");
}
