/**
 * Whether `value` nests arrays/objects more than `max` levels deep (`{}` and `[]` are level 1).
 * Iterative, and stops at the first path that is too deep: a hostile value cannot overflow the
 * stack here (JSON.stringify itself does, some thousands of levels deep).
 *
 * @example
 * exceedsJsonDepth({ a: [1] }, 1); // true
 */
export function exceedsJsonDepth(value: unknown, max: number): boolean {
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
