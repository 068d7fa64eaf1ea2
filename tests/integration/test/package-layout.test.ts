import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

// The promises every published package makes to its users, checked on the manifests
// themselves so a new package cannot forget one.
const root = resolve(import.meta.dirname, "../../..");
const packagesDir = join(root, "packages");
const published = readdirSync(packagesDir)
  .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(packagesDir, dir, "package.json"), "utf8")) }))
  .filter(({ manifest }) => !manifest.private);

describe("published package layout", () => {
  it("has the seven packages of the platform", () => {
    expect(published.map(({ manifest }) => manifest.name).sort()).toEqual([
      "@mcp/client",
      "@mcp/db",
      "@mcp/protocol",
      "@mcp/server-base",
      "@mcp/server-calculator",
      "@mcp/server-database",
      "@mcp/server-filesystem",
    ]);
  });

  for (const { dir, manifest } of published) {
    describe(manifest.name, () => {
      it("runs on Node 20.19 and later", () => {
        expect(manifest.engines?.node).toBe(">=20.19");
      });

      it("exports its sources first, then ESM and CJS each with their own types", () => {
        const entry = manifest.exports["."];
        expect(Object.keys(entry)).toEqual(["@mcp/source", "import", "require"]);
        expect(entry["@mcp/source"]).toBe("./src/index.ts");
        expect(entry.import.types).toMatch(/\.d\.ts$/);
        expect(entry.require.types).toMatch(/\.d\.cts$/);
        expect(existsSync(join(packagesDir, dir, "src/index.ts"))).toBe(true);
      });

      it("names a README and every bin it declares has a source", () => {
        expect(existsSync(join(packagesDir, dir, "README.md"))).toBe(true);
        for (const target of Object.values<string>(manifest.bin ?? {})) {
          const source = target.replace("./dist/", "src/").replace(/\.js$/, ".ts");
          expect(existsSync(join(packagesDir, dir, source))).toBe(true);
        }
      });
    });
  }
});
