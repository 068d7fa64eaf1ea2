/**
 * Turns a database value into something JSON can carry without loss: bigints and big decimals
 * as strings, dates as ISO strings, binary as base64, nested JSON as is.
 *
 * @example
 * ```ts
 * toJsonValue(12n); // 12
 * toJsonValue(2n ** 64n); // "18446744073709551616"
 * toJsonValue(new Date(0)); // "1970-01-01T00:00:00.000Z"
 * ```
 */
export function toJsonValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === "bigint") {
    // Exact integers stay numbers; larger ones become strings rather than lose digits.
    const safe = value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER);
    return safe ? Number(value) : value.toString();
  }
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString("base64");
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonValue(v)]));
  }
  return value;
}
