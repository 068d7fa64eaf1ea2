import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts", "src/stdio/index.ts", "src/cli/index.ts", "src/http/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  tsconfig: "tsconfig.build.json",
  clean: true,
  sourcemap: true,
  target: "node20",
});
