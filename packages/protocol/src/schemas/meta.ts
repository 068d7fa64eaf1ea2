/**
 * `_meta` key rules (spec 2025-11-25: basic, "_meta"): an optional prefix of dot-separated labels
 * ending in `/`, then a name. A prefix whose second label is `modelcontextprotocol` or `mcp`
 * (reverse-DNS: `io.modelcontextprotocol/`, `dev.mcp/`) is reserved for MCP itself; 2025-06-18
 * worded it forward-DNS (`modelcontextprotocol.io/`), which this package does not police.
 */

const LABEL = "[A-Za-z](?:[A-Za-z0-9-]*[A-Za-z0-9])?";
const NAME = "(?:[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)?";
const META_KEY = new RegExp(`^(?:${LABEL}(?:\\.${LABEL})*/)?${NAME}$`);

/** `_meta` keys MCP itself defines. */
export const META_KEYS = {
  /** In request `_meta`: asks for `notifications/progress` with this token. */
  progressToken: "progressToken",
  /** Ties a request, notification or result to a task (2025-11-25 tasks). */
  relatedTask: "io.modelcontextprotocol/related-task",
} as const;

/**
 * True when `key` is a well-formed `_meta` key (optional `label.label/` prefix, then a name).
 *
 * @example
 * ```ts
 * isValidMetaKey("example.com/trace-id"); // true
 * isValidMetaKey("-bad"); // false
 * ```
 */
export function isValidMetaKey(key: string): boolean {
  return META_KEY.test(key);
}

/**
 * True when `key`'s prefix is reserved for MCP: its second label is `modelcontextprotocol` or
 * `mcp` (`io.modelcontextprotocol/`, `dev.mcp/`, `com.mcp.tools/`; not `com.example.mcp/`).
 * Applications must not define such keys.
 *
 * @example
 * ```ts
 * isReservedMetaKey("io.modelcontextprotocol/related-task"); // true
 * isReservedMetaKey("com.example.mcp/x"); // false
 * ```
 */
export function isReservedMetaKey(key: string): boolean {
  const slash = key.indexOf("/");
  if (slash < 0 || !isValidMetaKey(key)) return false;
  const second = key.slice(0, slash).split(".")[1];
  return second === "modelcontextprotocol" || second === "mcp";
}
