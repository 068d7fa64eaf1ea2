import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts", "src/cli.ts"],
  format: ["esm", "cjs"],
  dts: true,
  tsconfig: "tsconfig.build.json",
  clean: true,
  sourcemap: true,
  target: "node20",
  // sqlite-driver.ts resolves better-sqlite3 with createRequire(import.meta.url), also in the CJS build.
  shims: true,
});
