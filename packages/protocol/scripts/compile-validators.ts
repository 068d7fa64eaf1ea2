/**
 * Compiles the zod schemas of the method map into plain JS validators (a fast ACCEPT path), written
 * to `src/generated/compiled-validators.ts`. Run with `pnpm --filter @mcp/protocol compile:validators`;
 * `src/validation/compiled-drift.test.ts` fails when the committed file differs from what this
 * produces now.
 *
 * Every generated check answers one of three ways:
 * - `true`: zod accepts the value and its parse output deep-equals the input (loose objects keep
 *   unknown keys; nothing here has defaults or transforms), so the caller may use the input as is;
 * - `false`: zod rejects the value (exact, so a union may go on to its next option);
 * - it throws `NOT_SURE`: something this compiler cannot prove (a refinement it does not know, a
 *   format such as `url` that rewrites its input, an own `__proto__` key, which zod drops). The
 *   entry wrapper turns that into `false` for the whole value, and the caller asks zod.
 * So "valid" is only ever answered when zod would say the same with the same output; anything else
 * goes to zod, whose errors are the ones users see.
 */
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { z } from "zod";
import * as api from "../src/index.js";
import { NOTIFICATION_METHODS, REQUEST_METHODS } from "../src/methods.js";
import { valuesAreObjects } from "../src/schemas/open.js";
import { CreateTaskResultSchema } from "../src/schemas/tasks.js";

/** Where the generated module lives, relative to the package root. */
export const GENERATED_PATH = "src/generated/compiled-validators.ts";

// Minimal views of zod 4's internals (`schema._zod.def`), typed loosely on purpose: the compiler
// must look at every kind, and anything it does not recognise compiles to "not sure".
interface Def {
  type: string;
  checks?: Schema[];
  check?: string;
  format?: string;
  pattern?: RegExp;
  shape?: Record<string, Schema>;
  catchall?: Schema;
  element?: Schema;
  innerType?: Schema;
  options?: Schema[];
  discriminator?: string;
  keyType?: Schema;
  valueType?: Schema;
  value?: number;
  inclusive?: boolean;
  minimum?: number;
  maximum?: number;
  length?: number;
  fn?: unknown;
}
interface Schema {
  _zod: { def: Def; values?: Set<unknown>; propValues?: Record<string, Set<unknown>> };
}

const NOT_SURE = "notSure()";

function defOf(schema: unknown): Def {
  return (schema as Schema)._zod.def;
}

function literal(value: unknown): string | undefined {
  if (typeof value === "string" || typeof value === "boolean" || value === null) return JSON.stringify(value);
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return undefined;
}

function either(tests: string[]): string {
  return tests.length === 0 ? "false" : tests.length === 1 ? tests[0]! : `(${tests.join(" || ")})`;
}

function both(tests: string[]): string {
  return tests.length === 1 ? tests[0]! : `(${tests.join(" && ")})`;
}

class Compiler {
  private readonly functions: string[] = [];
  private readonly nameOfBody = new Map<string, string>();
  private readonly nameOfSchema = new Map<unknown, string>();
  private readonly taken = new Set<string>();
  private readonly regexes: string[] = [];

  constructor(private readonly exportNames: Map<unknown, string>) {}

  /** The name of a function `(v) => boolean` testing `schema`, created on first use. */
  fn(schema: unknown, hint: string): string {
    const known = this.nameOfSchema.get(schema);
    if (known !== undefined) return known;
    const base = this.exportNames.get(schema) ?? hint;
    const body = this.body(schema, base);
    let name = this.nameOfBody.get(body);
    if (name === undefined) {
      name = `is${base.replace(/Schema(?=_|$)/g, "").replace(/[^A-Za-z0-9]/g, "_")}`;
      for (let n = 2; this.taken.has(name); n++) name = `${name.replace(/_\d+$/, "")}_${n}`;
      this.taken.add(name);
      this.nameOfBody.set(body, name);
      this.functions.push(`function ${name}(v) {\n${body}\n}`);
    }
    this.nameOfSchema.set(schema, name);
    return name;
  }

  /** An expression over the variable `x` (an identifier) that tests `schema`. */
  test(schema: unknown, x: string, hint: string): string {
    const def = defOf(schema);
    switch (def.type) {
      case "string":
        return this.stringTest(def, x);
      case "number":
        return this.numberTest(def, x);
      case "boolean":
        return this.plain(def, `typeof ${x} === "boolean"`);
      case "literal":
      case "enum": {
        const values = [...((schema as Schema)._zod.values ?? [])].map(literal);
        if (values.length === 0 || values.some((value) => value === undefined)) return NOT_SURE;
        return this.plain(def, either(values.map((value) => `${x} === ${value}`)));
      }
      case "never":
        return "false";
      case "unknown":
      case "any":
        return this.plain(def, "true");
      case "optional":
        return `(${x} === undefined || ${this.test(def.innerType, x, hint)})`;
      case "nullable":
        return `(${x} === null || ${this.test(def.innerType, x, hint)})`;
      case "object":
      case "array":
      case "record":
      case "union":
        return `${this.fn(schema, hint)}(${x})`;
      default:
        return NOT_SURE;
    }
  }

  /** Plain JS: the helpers, the hoisted regexes and every function created so far. */
  code(): string {
    const regexes = this.regexes.map((literal, index) => `const re${index} = ${literal};`);
    return [HELPERS, ...regexes, "", ...this.functions.map((f) => `${f}\n`)].join("\n");
  }

  private regex(pattern: RegExp): string {
    const literal = `/${pattern.source}/${pattern.flags.replace("g", "")}`;
    let index = this.regexes.indexOf(literal);
    if (index < 0) index = this.regexes.push(literal) - 1;
    return `re${index}`;
  }

  /** Types without checks of their own; a check there is something unknown. */
  private plain(def: Def, test: string): string {
    return def.checks !== undefined && def.checks.length > 0 ? `(${test} && ${NOT_SURE})` : test;
  }

  private checkDefs(def: Def): Def[] {
    // A format schema (`z.int()`, `z.base64()`) is its own first check.
    const own = def.check !== undefined ? [def] : [];
    return [...own, ...(def.checks ?? []).map((check) => defOf(check))];
  }

  private stringTest(def: Def, x: string): string {
    const tests = [`typeof ${x} === "string"`];
    for (const check of this.checkDefs(def)) {
      if (check.check === "min_length") tests.push(`${x}.length >= ${check.minimum}`);
      else if (check.check === "max_length") tests.push(`${x}.length <= ${check.maximum}`);
      else if (check.check === "length_equals") tests.push(`${x}.length === ${check.length}`);
      else if (check.check === "string_format" && check.format === "regex" && check.pattern) {
        tests.push(`${this.regex(check.pattern)}.test(${x})`);
      } else if (check.check === "string_format" && check.format === "base64") tests.push(`isBase64(${x})`);
      else tests.push(NOT_SURE);
    }
    return both(tests);
  }

  private numberTest(def: Def, x: string): string {
    const tests = [`typeof ${x} === "number"`, `Number.isFinite(${x})`];
    for (const check of this.checkDefs(def)) {
      if (check.check === "greater_than") tests.push(`${x} ${check.inclusive ? ">=" : ">"} ${check.value}`);
      else if (check.check === "less_than") tests.push(`${x} ${check.inclusive ? "<=" : "<"} ${check.value}`);
      else if (check.check === "number_format" && check.format === "safeint") {
        tests.push(`Number.isSafeInteger(${x})`);
      } else tests.push(NOT_SURE);
    }
    return both(tests);
  }

  /** Statements over `v` ending in `return true`, for the composite kinds. */
  private body(schema: unknown, name: string): string {
    const def = defOf(schema);
    const lines: string[] = [];
    const checks = (def.checks ?? []).map((check) => defOf(check));
    switch (def.type) {
      case "object": {
        lines.push(`  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;`);
        // zod drops an own `__proto__` key from its output: not the same value any more.
        lines.push(`  if (hasOwn(v, "__proto__")) ${NOT_SURE};`);
        const catchall = def.catchall === undefined ? undefined : defOf(def.catchall).type;
        // Only loose objects keep unknown keys; a stripping or strict object is left to zod.
        if (catchall !== "unknown" && catchall !== "any") lines.push(`  ${NOT_SURE};`);
        lines.push("  let x;");
        for (const [key, member] of Object.entries(def.shape ?? {})) {
          const memberType = defOf(member).type;
          const test =
            memberType === "unknown" || memberType === "any"
              ? // A required `unknown` rejects an absent key but accepts a present `undefined`.
                `(x !== undefined || ${NOT_SURE})`
              : this.test(member, "x", `${name}_${key}`);
          if (test === "true") continue;
          lines.push(`  x = v[${JSON.stringify(key)}];`);
          lines.push(`  if (!${test.startsWith("(") ? test : `(${test})`}) return false;`);
        }
        for (const check of checks) {
          if (check.check === "custom" && check.fn === valuesAreObjects) {
            lines.push(
              "  for (const k in v) {",
              "    x = v[k];",
              `    if (typeof x !== "object" || x === null || Array.isArray(x)) return false;`,
              "  }",
            );
          } else lines.push(`  ${NOT_SURE};`);
        }
        break;
      }
      case "array": {
        lines.push("  if (!Array.isArray(v)) return false;");
        for (const check of checks) {
          if (check.check === "min_length") lines.push(`  if (v.length < ${check.minimum}) return false;`);
          else if (check.check === "max_length")
            lines.push(`  if (v.length > ${check.maximum}) return false;`);
          else if (check.check === "length_equals")
            lines.push(`  if (v.length !== ${check.length}) return false;`);
          else lines.push(`  ${NOT_SURE};`);
        }
        const test = this.test(def.element, "x", `${name}_item`);
        if (test !== "true") {
          lines.push("  for (let i = 0; i < v.length; i++) {", "    const x = v[i];");
          lines.push(`    if (!${test.startsWith("(") ? test : `(${test})`}) return false;`, "  }");
        }
        break;
      }
      case "record": {
        lines.push(`  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;`);
        // zod wants a plain object here (its isPlainObject); anything else is left to it.
        lines.push(
          `  if (Object.getPrototypeOf(v) !== Object.prototype || hasOwn(v, "constructor") || hasOwn(v, "__proto__")) ${NOT_SURE};`,
        );
        const keyDef = def.keyType === undefined ? undefined : defOf(def.keyType);
        if (keyDef?.type !== "string" || this.checkDefs(keyDef).length > 0 || checks.length > 0) {
          lines.push(`  ${NOT_SURE};`);
        }
        const test = this.test(def.valueType, "x", `${name}_value`);
        if (test !== "true") {
          lines.push("  for (const k in v) {", "    const x = v[k];");
          lines.push(`    if (!${test.startsWith("(") ? test : `(${test})`}) return false;`, "  }");
        }
        break;
      }
      case "union": {
        if (checks.length > 0) lines.push(`  ${NOT_SURE};`);
        const options = def.options ?? [];
        if (def.discriminator !== undefined) {
          // zod picks the one option whose discriminator values hold `v[discriminator]`.
          lines.push(`  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;`);
          lines.push(`  switch (v[${JSON.stringify(def.discriminator)}]) {`);
          options.forEach((option, index) => {
            const values = [...((option as Schema)._zod.propValues?.[def.discriminator!] ?? [])].map(literal);
            if (values.length === 0 || values.some((value) => value === undefined)) {
              lines.push(`    default: ${NOT_SURE};`);
              return;
            }
            for (const value of values) lines.push(`    case ${value}:`);
            lines.push(`      return ${this.fn(option, `${name}_${index}`)}(v);`);
          });
          lines.push("  }");
          lines.push("  return false;");
          return lines.join("\n");
        }
        // zod returns the first option that accepts; every `false` here is exact, so the first
        // option accepting here is the one zod picks too.
        const tests = options.map((option, index) => this.test(option, "v", `${name}_${index}`));
        lines.push(`  return ${either(tests)};`);
        return lines.join("\n");
      }
      default:
        lines.push(`  ${NOT_SURE};`);
    }
    lines.push("  return true;");
    return lines.join("\n");
  }
}

const HEADER = `// @ts-nocheck: generated plain JS; the exports below carry their types.
// Generated by scripts/compile-validators.ts from the zod schemas of the method map. Do not edit:
// run \`pnpm --filter @mcp/protocol compile:validators\`. A drift test compares this file with a
// fresh run. Each validator answers true only when zod accepts the value with an equal output;
// false means "invalid or not sure": ask zod.

/** A compiled check: \`true\` when zod would accept the value unchanged; \`false\`: ask zod. */
export type CompiledValidator = (value: unknown) => boolean;
`;

const HELPERS = `const NOT_SURE = { notSure: true };
function notSure() {
  throw NOT_SURE;
}
const hasOwn = Object.hasOwn;

// zod 4's base64 check (isValidBase64), mirrored: empty is valid, no whitespace, length a
// multiple of 4, and atob must accept it.
function isBase64(s) {
  if (s === "") return true;
  if (/\\s/.test(s)) return false;
  if (s.length % 4 !== 0) return false;
  try {
    atob(s);
    return true;
  } catch {
    return false;
  }
}

function entry(check) {
  return (value) => {
    try {
      return check(value);
    } catch {
      return false;
    }
  };
}
`;

function exportNames(): Map<unknown, string> {
  const names = new Map<unknown, string>();
  for (const name of Object.keys(api).sort()) {
    const value = (api as Record<string, unknown>)[name];
    if (name.endsWith("Schema") && typeof value === "object" && value !== null && !names.has(value)) {
      names.set(value, name);
    }
  }
  return names;
}

/**
 * The source of `src/generated/compiled-validators.ts`: one validator per request params, result
 * and notification params of every method of the map, plus `CreateTaskResult`.
 *
 * @example
 * ```ts
 * writeFileSync(GENERATED_PATH, compileValidatorsSource());
 * ```
 */
export function compileValidatorsSource(): string {
  const compiler = new Compiler(exportNames());
  const rows = <T>(map: Record<string, T>, pick: (spec: T) => z.ZodType) =>
    Object.entries(map).map(([method, spec]): [string, z.ZodType] => [method, pick(spec)]);
  const requestParams = rows(REQUEST_METHODS, (spec) => spec.params);
  const results = rows(REQUEST_METHODS, (spec) => spec.result);
  const notifications = rows(NOTIFICATION_METHODS, (spec) => spec.params);
  const tables = [
    "/** Params of each request method, by method name. */",
    "export const REQUEST_PARAMS_VALIDATORS: Readonly<Record<string, CompiledValidator>> = {",
    optionalAware(compiler, requestParams, "params"),
    "};",
    "",
    "/** The result of each request method, by method name. */",
    "export const RESULT_VALIDATORS: Readonly<Record<string, CompiledValidator>> = {",
    optionalAware(compiler, results, "result"),
    "};",
    "",
    "/** Params of each notification method, by method name. */",
    "export const NOTIFICATION_PARAMS_VALIDATORS: Readonly<Record<string, CompiledValidator>> = {",
    optionalAware(compiler, notifications, "params"),
    "};",
    "",
    "/** A `CreateTaskResult` (the answer to a task-augmented request). */",
    `export const CREATE_TASK_RESULT_VALIDATOR: CompiledValidator = entry(${compiler.fn(CreateTaskResultSchema, "CreateTaskResult")});`,
    "",
  ].join("\n");
  return `${HEADER}\n${compiler.code()}\n${tables}`;
}

/** Table rows; a top-level `.optional()` (params of `ping`, `tools/list`, ...) becomes `undefined ||` its inner check. */
function optionalAware(compiler: Compiler, entries: [string, z.ZodType][], hint: string): string {
  return entries
    .map(([method, schema]) => {
      const def = defOf(schema);
      const id = `${method.replace(/[^A-Za-z0-9]/g, "_")}_${hint}`;
      if (def.type === "optional") {
        const inner = compiler.fn(def.innerType, id);
        return `  ${JSON.stringify(method)}: entry((v) => v === undefined || ${inner}(v)),`;
      }
      return `  ${JSON.stringify(method)}: entry(${compiler.fn(schema, id)}),`;
    })
    .join("\n");
}

/**
 * Compiles one schema to a validator function in memory (tests use it on every exported schema,
 * beyond the ones the generated file holds).
 *
 * @example
 * ```ts
 * const isTool = compileValidator(ToolSchema);
 * isTool({ name: "x", inputSchema: { type: "object" } }); // true
 * ```
 */
export function compileValidator(schema: z.ZodType): (value: unknown) => boolean {
  const compiler = new Compiler(exportNames());
  const name = compiler.fn(schema, "Root");
  return new Function(`${compiler.code()}\nreturn entry(${name});`)() as (value: unknown) => boolean;
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const root = join(dirname(fileURLToPath(import.meta.url)), "..");
  writeFileSync(join(root, GENERATED_PATH), compileValidatorsSource());
  console.log(`wrote ${GENERATED_PATH}`);
}
