import { defineConfig } from "tsup";

// The API is an app, not a library: one ESM bundle of its own code; workspace packages and
// dependencies stay external and are resolved from node_modules at run time.
export default defineConfig({
  entry: ["src/server.ts", "src/index.ts"],
  format: ["esm"],
  clean: true,
  sourcemap: true,
  target: "node20",
});
