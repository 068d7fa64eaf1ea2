/**
 * Internal: open objects. `z.looseObject({})` checks "an object, any members" in one pass and is
 * about twice as fast as `z.record(z.string(), z.unknown())`, which runs a schema per key and per
 * value; both give the same type and JSON Schema.
 */
import { z } from "zod";

/** Any JSON object (not an array, not null); members kept. */
export const OpenObject = z.looseObject({});

/** The refinement of {@link SchemaMap}; exported so the validator compiler can recognise it. */
export function valuesAreObjects(value: Record<string, unknown>): boolean {
  for (const key in value) {
    const member = value[key];
    if (typeof member !== "object" || member === null || Array.isArray(member)) return false;
  }
  return true;
}

/**
 * A map of names to JSON Schema objects (`properties` of a tool schema). One refinement over the
 * members instead of a schema run per member: tools/list results carry hundreds of these.
 */
export const SchemaMap = OpenObject.refine(valuesAreObjects, {
  message: "Every property must be a JSON Schema object",
}) as unknown as z.ZodType<Record<string, Record<string, unknown>>>;

/**
 * A URI (`format: "uri"` in schema.json): it must be absolute, i.e. start with a scheme
 * (`file:`, `https:`, `custom:`). The rest is not parsed: servers in the wild send unescaped
 * characters, and a full RFC 3986 grammar on every resource URI would cost more than it protects.
 */
export const Uri = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9+.-]*:/, { message: "Expected an absolute URI (with a scheme)" });
