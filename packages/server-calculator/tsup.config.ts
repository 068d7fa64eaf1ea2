import { defineConfig } from "tsup";

export default defineConfig([
  {
    entry: ["src/index.ts"],
    format: ["esm", "cjs"],
    dts: true,
    tsconfig: "tsconfig.build.json",
    clean: true,
    sourcemap: true,
    target: "node20",
  },
  {
    // The bin is one self-contained ESM bundle (dependencies included): Node's ESM loader pays
    // per module file, and zod alone is dozens of them, so bundling cuts start-up CPU time by
    // about a sixth (docs/benchmarks.md). The library entry above keeps normal dependencies.
    entry: ["src/cli.ts"],
    format: ["esm"],
    dts: false,
    tsconfig: "tsconfig.build.json",
    sourcemap: true,
    target: "node20",
    platform: "node",
    noExternal: [/.*/],
    // Bundled CommonJS dependencies (uri-template) call require(); ESM has none of its own.
    banner: {
      js: 'import { createRequire as __createRequire } from "node:module";\nconst require = __createRequire(import.meta.url);',
    },
  },
]);
