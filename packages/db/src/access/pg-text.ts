// PostgreSQL refuses the NUL character in text ("invalid byte sequence") and in jsonb strings
// ("unsupported Unicode escape sequence"). Audit rows carry text from requests and from tool
// servers, and an audit row must never fail to be written because of what a call contained, so
// NUL is replaced by U+FFFD (the replacement character) before the row reaches the database.

const NUL = "\u0000";
const REPLACEMENT = "\uFFFD";

/**
 * `text` with every NUL replaced by U+FFFD; any other text is returned as it is.
 *
 * @example
 * pgText("a\u0000b"); // "a\uFFFDb"
 */
export function pgText(text: string): string {
  return text.includes(NUL) ? text.replaceAll(NUL, REPLACEMENT) : text;
}

function withoutNul(_key: string, value: unknown): unknown {
  if (typeof value === "string") return pgText(value);
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  if (!keys.some((key) => key.includes(NUL))) return value;
  return Object.fromEntries(keys.map((key) => [pgText(key), (value as Record<string, unknown>)[key]]));
}

/**
 * The JSON text of `value` for a jsonb column, or null for null/undefined. The common case costs
 * one `JSON.stringify`; only text that contains an escaped NUL is serialised again without it.
 *
 * @example
 * jsonbText({ a: "x\u0000" }); // '{"a":"x\uFFFD"}'
 */
export function jsonbText(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const text = JSON.stringify(value);
  if (text === undefined) return null;
  return text.includes("\\u0000") ? JSON.stringify(value, withoutNul) : text;
}
