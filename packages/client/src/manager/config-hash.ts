import { createHash } from "node:crypto";

/**
 * JSON with object keys sorted at every level, so two equal configurations written in a
 * different key order hash the same. `undefined` members are dropped, as JSON.stringify does.
 *
 * @example
 * stableStringify({ b: 1, a: [2, { d: 3, c: 4 }] }); // '{"a":[2,{"c":4,"d":3}],"b":1}'
 */
export function stableStringify(value: unknown): string {
  return JSON.stringify(value, (_key, member: unknown) => {
    if (member === null || typeof member !== "object" || Array.isArray(member)) return member;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(member).sort()) sorted[key] = (member as Record<string, unknown>)[key];
    return sorted;
  });
}

/**
 * A short, stable hash of a server configuration (sha256 of its sorted JSON, 32 hex digits).
 *
 * @example
 * configHash({ command: "node", args: ["server.js"] }); // "5c1f...": same for the same configuration
 */
export function configHash(config: unknown): string {
  return createHash("sha256")
    .update(stableStringify(config) ?? "undefined")
    .digest("hex")
    .slice(0, 32);
}
