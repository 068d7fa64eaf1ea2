import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";

type Bindings = typeof import("@prisma/schema-engine-wasm/schema_engine_bg");

// The project's lib has no DOM types, where WebAssembly's are declared; this is all we use.
interface WasmApi {
  instantiate(
    bytes: Uint8Array,
    imports: Record<string, unknown>,
  ): Promise<{ instance: { exports: Record<string, unknown> } }>;
}
const { WebAssembly: wasmApi } = globalThis as unknown as { WebAssembly: WasmApi };

// The glue module keeps the wasm instance in a module variable, and Node shares that module
// between every copy of this package (ESM and CJS builds alike): instantiating twice would leave
// the glue reading a stale memory. So the one load is kept process-wide under a registered symbol.
const LOADING = Symbol.for("@mcp/db.schemaEngineWasm");
const registry = globalThis as unknown as { [LOADING]?: Promise<Bindings> };

/**
 * Loads Prisma's schema engine compiled to WebAssembly, once per process. The package imports
 * its `.wasm` file as an ES module, which Node 20 cannot; so we instantiate the bytes ourselves
 * and hand the exports to the JS glue, which is what its own entry would do.
 */
export function loadSchemaEngine(): Promise<Bindings> {
  registry[LOADING] ??= (async () => {
    const require = createRequire(import.meta.url);
    const gluePath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const glue: Bindings = await import("@prisma/schema-engine-wasm/schema_engine_bg");
    const bytes = await readFile(join(dirname(gluePath), "schema_engine_bg.wasm"));
    const { instance } = await wasmApi.instantiate(bytes, { "./schema_engine_bg.js": glue });
    const exports = instance.exports as unknown as { __wbindgen_start(): void };
    (glue as unknown as { __wbg_set_wasm(wasm: unknown): void }).__wbg_set_wasm(exports);
    exports.__wbindgen_start();
    return glue;
  })();
  return registry[LOADING];
}

/**
 * A schema engine bound to one database through a driver adapter factory. `schemaText` is the
 * Prisma schema (it carries the provider). Call `free()` when done.
 */
export async function openSchemaEngine(
  factory: SqlMigrationAwareDriverAdapterFactory,
  schemaText: string,
): Promise<SchemaEngine> {
  const { SchemaEngine } = await loadSchemaEngine();
  // Unbound, the factory's methods lose `this` inside the engine.
  const adapter = bindMigrationAwareSqlAdapterFactory(factory);
  const log = (_message: string) => {};
  return SchemaEngine.new({ datamodels: [["schema.prisma", schemaText]] }, log, adapter);
}
