import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { defineConfig } from "vitest/config";

// Every workspace folder with a src/ or tests is one vitest project, named after its folder,
// so `pnpm test` runs them all in one process pool (2 cores here: one pool beats turbo fan-out).
const groups = ["packages", "apps", "tests", "examples", "bench"];
const projects = groups.flatMap((group) => {
  if (!existsSync(group)) return [];
  if (group === "examples" || group === "bench")
    return existsSync(join(group, "package.json")) ? [group] : [];
  return readdirSync(group, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(group, entry.name, "package.json")))
    .map((entry) => join(group, entry.name));
});

export default defineConfig({
  resolve: { conditions: ["@mcp/source"] },
  ssr: { resolve: { conditions: ["@mcp/source"] } },
  test: {
    projects: projects.map((root) => ({
      extends: true,
      test: {
        name: root.split("/").pop(),
        root,
        include: ["src/**/*.test.ts", "test/**/*.test.ts"],
      },
    })),
    testTimeout: 20_000,
    hookTimeout: 60_000,
    reporters: process.env.CI
      ? ["default", ["json", { outputFile: "coverage/test-results.json" }]]
      : ["default"],
    coverage: {
      provider: "v8",
      include: ["packages/*/src/**/*.ts", "apps/*/src/**/*.ts"],
      // cli.ts and server.ts are process entry points: tests run them as real processes, which v8
      // coverage of the test process does not see.
      exclude: [
        "**/*.test.ts",
        "**/*.bench.ts",
        "**/generated/**",
        "**/test-support/**",
        "**/src/cli.ts",
        "apps/api/src/server.ts",
      ],
      reporter: ["text-summary", "json-summary"],
      reportsDirectory: "coverage",
    },
  },
});
