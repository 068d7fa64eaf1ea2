/**
 * Form-mode elicitation (spec 2025-11-25: client/elicitation, SEP-1034): fields the user left out
 * take the `default` the server put in its requested schema, then the content is checked against
 * that schema so the server never receives an answer it did not ask for.
 */
import { type ElicitResult, ErrorCode, ProtocolError } from "@mcp/protocol/core";
import { compileJsonSchema } from "./json-schema-validator.js";

type Content = NonNullable<ElicitResult["content"]>;

/**
 * Returns the accepted content with every missing field that has a default filled in.
 *
 * @example
 * ```ts
 * applyElicitationDefaults({ type: "object", properties: { n: { type: "number", default: 3 } } }, {});
 * // { n: 3 }
 * ```
 */
export function applyElicitationDefaults(
  requestedSchema: { properties?: Record<string, unknown> },
  content: Content | undefined,
): Content {
  const filled: Content = { ...content };
  for (const [name, field] of Object.entries(requestedSchema.properties ?? {})) {
    if (filled[name] !== undefined || typeof field !== "object" || field === null) continue;
    const fallback = (field as { default?: unknown }).default;
    if (fallback !== undefined) filled[name] = fallback as Content[string];
  }
  return filled;
}

/** Fills defaults into an accepted form result and validates it; other results pass unchanged. */
export async function completeFormResult(
  requestedSchema: Record<string, unknown> & { properties?: Record<string, unknown> },
  result: ElicitResult,
): Promise<ElicitResult> {
  if (result.action !== "accept") return result;
  const content = applyElicitationDefaults(requestedSchema, result.content);
  const check = (await compileJsonSchema(requestedSchema))(content);
  if (!check.valid) {
    throw new ProtocolError(
      ErrorCode.InvalidParams,
      `Elicitation content does not match the requested schema: ${check.errors.join("; ")}`,
    );
  }
  return { ...result, content };
}
