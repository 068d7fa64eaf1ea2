// Test-only: malformed variants of a valid value. Each top-level member is removed or replaced by a
// value of another type, and the value itself is replaced by scalars; `deepMutants` does the same at
// every path of the value, for the compiled-validator equivalence tests.

const replacements: unknown[] = [12345, "text", null, [], true, {}];

export function mutants(value: unknown): { label: string; value: unknown }[] {
  const out: { label: string; value: unknown }[] = replacements
    .filter(
      (replacement) => typeof replacement !== "object" || replacement === null || Array.isArray(replacement),
    )
    .map((replacement) => ({ label: `replaced by ${JSON.stringify(replacement)}`, value: replacement }));
  if (typeof value !== "object" || value === null) return out;
  for (const key of Object.keys(value)) {
    const { [key]: _removed, ...rest } = value as Record<string, unknown>;
    out.push({ label: `without ${key}`, value: rest });
    for (const replacement of replacements) {
      out.push({ label: `${key} = ${JSON.stringify(replacement)}`, value: { ...value, [key]: replacement } });
    }
  }
  return out;
}

/** Every path of `value` (objects and arrays, depth first), as key lists. */
export function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== "object" || value === null) return [];
  const out: (string | number)[][] = [];
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((item, index) => [index, item])
    : Object.entries(value);
  for (const [key, member] of entries) {
    out.push([...prefix, key]);
    out.push(...paths(member, [...prefix, key]));
  }
  return out;
}

function replaceAt(
  value: unknown,
  path: (string | number)[],
  replacement: unknown,
  remove: boolean,
): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (remove) {
    if (Array.isArray(node)) node.splice(last as number, 1);
    else delete node[last];
  } else node[last] = replacement;
  return copy;
}

const deepReplacements: unknown[] = [
  12345,
  -1,
  1.5,
  2,
  "text",
  "",
  "data:x",
  null,
  [],
  true,
  {},
  { type: "x" },
];

/** `value` with each path (at any depth) removed or replaced by a value of another type. */
export function deepMutants(value: unknown): { label: string; value: unknown }[] {
  const out = mutants(value);
  for (const path of paths(value)) {
    const label = path.join(".");
    out.push({ label: `without ${label}`, value: replaceAt(value, path, undefined, true) });
    for (const replacement of deepReplacements) {
      out.push({
        label: `${label} = ${JSON.stringify(replacement)}`,
        value: replaceAt(value, path, replacement, false),
      });
    }
  }
  return out;
}
