/**
 * JSON Schema validation that runs in any runtime (no code generation, unlike Ajv, so it also
 * works on edge runtimes that forbid `new Function`): `@cfworker/json-schema`. Schemas without a
 * `$schema` are read as draft 2020-12, the MCP default since 2025-11-25.
 *
 * The validator package is loaded on first use, not at import: most clients never see a tool with
 * an `outputSchema`, and start-up time is part of what the client is measured on.
 */
import type { Schema, Validator } from "@cfworker/json-schema";

/** The outcome of a validation: `errors` are human-readable, "at <pointer>: <message>". */
export interface SchemaCheck {
  valid: boolean;
  errors: string[];
}

// Keyed without the trailing "#", which authors write both ways.
const DRAFTS: Record<string, "4" | "7" | "2019-09" | "2020-12"> = {
  "http://json-schema.org/draft-04/schema": "4",
  "http://json-schema.org/draft-07/schema": "7",
  "https://json-schema.org/draft/2019-09/schema": "2019-09",
  "https://json-schema.org/draft/2020-12/schema": "2020-12",
};

/** Checks one value against the schema it was compiled from. */
export type SchemaValidator = (value: unknown) => SchemaCheck;

let loading: Promise<typeof import("@cfworker/json-schema")> | undefined;

function loadValidatorModule(): Promise<typeof import("@cfworker/json-schema")> {
  loading ??= import("@cfworker/json-schema").catch((error: unknown) => {
    // A failed load (a broken install) is retried by the next caller rather than cached.
    loading = undefined;
    throw error;
  });
  return loading;
}

/** A compiled validator for one schema; the first call loads the validator package. */
export async function compileJsonSchema(schema: Record<string, unknown>): Promise<SchemaValidator> {
  const { Validator: JsonSchemaValidator } = await loadValidatorModule();
  const declared = typeof schema.$schema === "string" ? DRAFTS[schema.$schema.replace(/#$/, "")] : undefined;
  const draft = declared ?? "2020-12";
  let validator: Validator;
  try {
    validator = new JsonSchemaValidator(schema as Schema, draft, false);
  } catch (error) {
    const reason = `the schema cannot be evaluated: ${(error as Error).message}`;
    return () => ({ valid: false, errors: [reason] });
  }
  return (value) => {
    let result: ReturnType<Validator["validate"]>;
    try {
      result = validator.validate(value);
    } catch (error) {
      // A schema the validator cannot evaluate (e.g. an unresolvable $ref) proves nothing valid.
      return { valid: false, errors: [`the schema cannot be evaluated: ${(error as Error).message}`] };
    }
    if (result.valid) return { valid: true, errors: [] };
    return {
      valid: false,
      // cfworker reports the failing keyword at each level; the leaves say what is wrong.
      errors: result.errors
        .filter((e) => e.keyword !== "properties" && e.keyword !== "allOf" && e.keyword !== "items")
        .map((e) => `at ${e.instanceLocation || "#"}: ${e.error}`),
    };
  };
}
