// The core entry (`@mcp/protocol/core`) must not load zod: its static import graph (type-only
// imports are erased) never reaches `zod`, only a dynamic `import()` of the validation fallback
// does; and at run time, in a fresh process, zod stays unloaded until a value needs the fallback.
// The root entry re-exports every name of the core with the very same value.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import * as core from "./core.js";
import * as root from "./index.js";

/** The modules `file` imports at run time: static imports and re-exports that are not type-only. */
function runtimeImports(file: string): string[] {
  const source = readFileSync(file, "utf8");
  const out: string[] = [];
  const statement = /^(import|export)\s+(type\s+)?([^;]*?)\s+from\s+"([^"]+)";/gms;
  for (const match of source.matchAll(statement)) {
    if (match[2] !== undefined) continue;
    out.push(match[4]!);
  }
  for (const match of source.matchAll(/^import\s+"([^"]+)";/gm)) out.push(match[1]!);
  return out;
}

function importGraph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const specifier of runtimeImports(file)) {
      if (!specifier.startsWith(".")) {
        packages.add(specifier);
        continue;
      }
      visit(resolve(dirname(file), specifier.replace(/\.js$/, ".ts")));
    }
  };
  visit(entry);
  return { files, packages };
}

describe("@mcp/protocol/core", () => {
  const graph = importGraph(join(import.meta.dirname, "core.ts"));

  it("imports nothing from zod, directly or transitively", () => {
    expect([...graph.packages].filter((name) => name === "zod" || name.startsWith("zod/"))).toEqual([]);
    // Node built-ins neither: the core is runtime-neutral like the root.
    expect([...graph.packages]).toEqual([]);
  });

  it("is a walk that would see zod: the root entry's graph reaches it", () => {
    expect(importGraph(join(import.meta.dirname, "index.ts")).packages).toContain("zod");
  });

  it("does not reach the schema modules", () => {
    const reached = [...graph.files].map((file) => file.slice(import.meta.dirname.length + 1)).sort();
    expect(reached.filter((file) => file.startsWith("schemas/") && file !== "schemas/meta.ts")).toEqual([]);
    expect(reached).not.toContain("jsonrpc.ts");
    expect(reached).not.toContain("methods.ts");
    expect(reached).not.toContain("validate.ts");
  });

  it("is re-exported by the root entry, value for value", () => {
    for (const [name, value] of Object.entries(core)) {
      expect((root as Record<string, unknown>)[name], name).toBe(value);
    }
  });

  it("does not load zod at run time until a value needs the fallback (fresh process)", () => {
    const core = pathToFileURL(join(import.meta.dirname, "core.ts")).href;
    // zod 4 sets globalThis.__zod_globalConfig when its core module loads.
    const script = `
      const core = await import(${JSON.stringify(core)});
      const loaded = () => globalThis.__zod_globalConfig !== undefined;
      const out = { afterImport: loaded() };
      core.validateRequestParams("tools/call", { name: "x", arguments: {} });
      out.afterValidMessage = loaded();
      const error = await Promise.resolve(core.validateRequestParams("tools/call", { name: 1 })).catch((e) => e);
      out.afterInvalidMessage = loaded();
      out.code = error.code;
      console.log(JSON.stringify(out));`;
    const child = spawnSync(
      process.execPath,
      ["--conditions=@mcp/source", "--import", "tsx", "--input-type=module", "-e", script],
      { encoding: "utf8", timeout: 30_000 },
    );
    expect(child.stderr).toBe("");
    expect(JSON.parse(child.stdout)).toEqual({
      afterImport: false,
      afterValidMessage: false,
      afterInvalidMessage: true,
      code: -32602,
    });
  });
});
