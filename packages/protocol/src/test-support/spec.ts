// Test-only helpers: the official MCP JSON Schemas and examples, read from ../shared/spec beside
// the repository root (never copied into the project), and an ajv validator per definition.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");
export const specRoot = resolve(repoRoot, "../shared/spec");

if (!existsSync(specRoot)) {
  throw new Error(`The MCP spec data is missing: expected ${specRoot} (../shared/spec beside the repo)`);
}

export function loadSchema(version: string): { $defs: Record<string, unknown> } {
  return JSON.parse(readFileSync(join(specRoot, version, "schema.json"), "utf8"));
}

type Validate = ((value: unknown) => boolean) & { errors?: unknown[] | null };

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const validators = new Map<string, Ajv2020>();

/** A validator for `#/$defs/<name>` of the official schema of `version`. */
export function officialValidator(version: string, name: string): Validate {
  let ajv = validators.get(version);
  if (ajv === undefined) {
    ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema(loadSchema(version), version);
    validators.set(version, ajv);
  }
  const validate = ajv.getSchema(`${version}#/$defs/${name}`);
  if (validate === undefined) throw new Error(`No definition ${name} in ${version}`);
  return validate as Validate;
}

/** Compiles a standalone JSON Schema (2020-12) with formats. */
export function compileJsonSchema(schema: object): Validate {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(schema) as Validate;
}

export interface Example {
  type: string;
  name: string;
  value: unknown;
}

/** Every example of the 2026-07-28 folder, as `{ type, name, value }`. */
export function loadExamples(): Example[] {
  const root = join(specRoot, "2026-07-28", "examples");
  return readdirSync(root).flatMap((type) =>
    readdirSync(join(root, type))
      .filter((file) => file.endsWith(".json"))
      .map((file) => ({
        type,
        name: file.replace(/\.json$/, ""),
        value: JSON.parse(readFileSync(join(root, type, file), "utf8")),
      })),
  );
}
