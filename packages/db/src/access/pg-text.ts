// PostgreSQL refuses two things JavaScript strings may hold: the NUL character (in text: "invalid
// byte sequence"; in jsonb: "unsupported Unicode escape sequence") and a lone UTF-16 surrogate,
// half of a pair without the other half (no UTF-8 encoding exists for it; jsonb refuses the
// "\ud800" escape JSON.stringify writes for it). Audit rows carry text from requests and from
// tool servers, and an audit row must never fail to be written because of what a call contained,
// so both are replaced by U+FFFD (the replacement character) before the row reaches the database.
// For the same reason a JSON value nested too deep for the database is not stored as it is.

import { exceedsJsonDepth } from "./json-depth.js";

const NUL = "\u0000";
const REPLACEMENT = "\uFFFD";
// A high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ANY_SURROGATE = /[\uD800-\uDFFF]/;

/**
 * `text` with every NUL and every lone surrogate replaced by U+FFFD; any other text is returned
 * as it is.
 *
 * @example
 * pgText("a\u0000b"); // "a\uFFFDb"
 * pgText("x\uD800"); // "x\uFFFD"
 */
export function pgText(text: string): string {
  let clean = text.includes(NUL) ? text.replaceAll(NUL, REPLACEMENT) : text;
  // Most text has no surrogate at all (they only encode characters beyond U+FFFF, emoji): one
  // cheap test first, the look-around pattern only when there is one.
  if (ANY_SURROGATE.test(clean)) clean = clean.replace(LONE_SURROGATE, REPLACEMENT);
  return clean;
}

function storable(_key: string, value: unknown): unknown {
  if (typeof value === "string") return pgText(value);
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  if (keys.every((key) => pgText(key) === key)) return value;
  return Object.fromEntries(keys.map((key) => [pgText(key), (value as Record<string, unknown>)[key]]));
}

/**
 * How deep a value stored as jsonb may nest. Far deeper than any real tool's arguments or
 * result (the API refuses more than 128 levels); far below what breaks the database (PGlite
 * stops answering near 6,000 levels, PostgreSQL fails on its stack depth limit).
 */
export const MAX_JSONB_DEPTH = 1_000;

/** What an audit row stores instead of a value nested deeper than `MAX_JSONB_DEPTH`. */
export const NOT_STORED_JSONB = JSON.stringify({
  $notStored: `nested deeper than ${MAX_JSONB_DEPTH} levels`,
});
const NOT_STORED_UNSERIALISABLE = JSON.stringify({ $notStored: "too deep or too large to serialise" });

/**
 * Whether `value`, whose JSON is `text`, nests too deep to be stored. Text shorter than twice
 * the limit cannot (each level costs at least two characters), so most values are not walked.
 */
export function isTooDeepForJsonb(value: unknown, text: string): boolean {
  return text.length > 2 * MAX_JSONB_DEPTH && exceedsJsonDepth(value, MAX_JSONB_DEPTH);
}

/**
 * The JSON text of `value` for a jsonb column, or null for null/undefined. The common case costs
 * one `JSON.stringify`; only text that contains an escaped NUL or an escaped lone surrogate
 * (JSON.stringify writes "\ud800" for one) is serialised again without them. A value nested
 * deeper than `MAX_JSONB_DEPTH`, or that cannot be serialised at all, is replaced by an object
 * saying so (`{"$notStored": …}`): the audit row is written, without it.
 *
 * @example
 * jsonbText({ a: "x\u0000" }); // '{"a":"x\uFFFD"}'
 */
export function jsonbText(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    // RangeError: the call stack (nesting some thousands deep) or the longest string V8 allows.
    if (error instanceof RangeError) return NOT_STORED_UNSERIALISABLE;
    throw error;
  }
  if (text === undefined) return null;
  if (isTooDeepForJsonb(value, text)) return NOT_STORED_JSONB;
  return needsCleaning(text) ? JSON.stringify(value, storable) : text;
}

/**
 * Whether JSON text made by `JSON.stringify` may hold something `jsonbText` would replace (it may
 * also be a harmless backslash written as text: cleaning such text changes nothing).
 */
export function needsCleaning(jsonText: string): boolean {
  return jsonText.includes("\\u0000") || jsonText.includes("\\ud");
}
