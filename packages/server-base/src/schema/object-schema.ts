import { z } from "zod";
import { ServerError } from "../errors.js";

/** A zod object schema, or the raw shape of one (`{ a: z.number() }`). */
export type ObjectSchemaInput = z.ZodObject | z.ZodRawShape;

/** The zod object a {@link ObjectSchemaInput} stands for. */
export type ObjectSchemaOf<S> = S extends z.ZodObject ? S : S extends z.ZodRawShape ? z.ZodObject<S> : never;

/** Turns a raw shape into a `z.object`, leaves an object schema as it is. */
export function toObjectSchema(input: ObjectSchemaInput): z.ZodObject {
  if (input instanceof z.ZodObject) return input;
  if (isZodType(input)) {
    throw new ServerError("INVALID_SCHEMA", "Tool and prompt schemas must be zod objects");
  }
  return z.object(input as z.ZodRawShape);
}

function isZodType(value: unknown): boolean {
  // A zod 4 schema carries `_zod`; a raw shape is a plain record of schemas.
  return typeof value === "object" && value !== null && "_zod" in value;
}

/** A JSON Schema object as published in `tools/list`. */
export type JsonSchemaObject = { type: "object"; [key: string]: unknown };

/**
 * Converts once, at registration, with zod 4's own converter (JSON Schema 2020-12). Input
 * schemas use the input view (defaults make fields optional); output schemas the output view.
 */
export function toJsonSchema(schema: z.ZodObject, io: "input" | "output"): JsonSchemaObject {
  let json: Record<string, unknown>;
  try {
    json = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" });
  } catch (error) {
    throw new ServerError("INVALID_SCHEMA", `Schema cannot be expressed as JSON Schema: ${String(error)}`, {
      cause: error,
    });
  }
  return { ...json, type: "object" };
}

/** One readable line per issue: `a: Invalid input: expected number, received string`. */
export function formatIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.map(String).join(".");
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join("; ");
}
