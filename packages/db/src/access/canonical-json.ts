/**
 * JSON with object keys sorted at every depth. PostgreSQL's jsonb reorders keys, so two equal
 * values compare equal only in this form.
 */
export function canonicalJson(value: unknown): string {
  const sort = (inner: unknown): unknown => {
    if (Array.isArray(inner)) return inner.map(sort);
    if (inner && typeof inner === "object" && !(inner instanceof Date)) {
      return Object.fromEntries(
        Object.entries(inner as Record<string, unknown>)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([key, nested]) => [key, sort(nested)]),
      );
    }
    return inner;
  };
  return JSON.stringify(sort(value)) ?? "undefined";
}
