// Arguments and results are stored as jsonb in the audit log, and JSON nested thousands of
// levels deep breaks the database there: PostgreSQL fails with "stack depth limit exceeded" and
// the embedded PGlite stops answering altogether (about 6,000 levels). No tool needs such input
// or output, so both are limited to the depth serde_json accepts by default.

/** The deepest nesting of arrays and objects accepted in tool arguments and results. */
export const MAX_JSON_DEPTH = 128;

/**
 * Whether `value` nests arrays/objects more than `max` levels deep (`{}` and `[]` are level 1).
 * Iterative, and stops at the first path that is too deep: a hostile value cannot overflow the
 * stack here.
 *
 * @example
 * exceedsJsonDepth({ a: [1] }, 1); // true
 */
export function exceedsJsonDepth(value: unknown, max: number = MAX_JSON_DEPTH): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    if (item.value === null || typeof item.value !== "object") continue;
    const depth = item.depth + 1;
    if (depth > max) return true;
    for (const child of Object.values(item.value)) {
      if (child !== null && typeof child === "object") stack.push({ value: child, depth });
    }
  }
  return false;
}
