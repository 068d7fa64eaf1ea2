/**
 * Protocol versions and negotiation (spec: basic/lifecycle, "Version Negotiation"): the client
 * sends the latest version it supports; a server that supports it answers with the same version,
 * otherwise with another version it supports (the latest); a client that does not support the
 * server's answer disconnects.
 */

/** The newest MCP version this package implements. */
export const LATEST_PROTOCOL_VERSION = "2025-11-25";

/**
 * The version a Streamable HTTP server assumes when a request carries no `MCP-Protocol-Version`
 * header and no other way to know it (spec: basic/transports, "Protocol Version Header").
 */
export const DEFAULT_NEGOTIATED_PROTOCOL_VERSION = "2025-03-26";

/** Every version we negotiate, newest first. */
export const SUPPORTED_PROTOCOL_VERSIONS = ["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"] as const;

/** One of {@link SUPPORTED_PROTOCOL_VERSIONS}. */
export type ProtocolVersion = (typeof SUPPORTED_PROTOCOL_VERSIONS)[number];

/**
 * True when `version` is one we support.
 *
 * @example
 * ```ts
 * if (!isSupportedProtocolVersion(result.protocolVersion)) await client.close();
 * ```
 */
export function isSupportedProtocolVersion(
  version: unknown,
  supported: readonly string[] = SUPPORTED_PROTOCOL_VERSIONS,
): version is ProtocolVersion {
  return typeof version === "string" && supported.includes(version);
}

/**
 * The server side of negotiation: the requested version when supported, otherwise the newest
 * supported one (which the client then accepts or disconnects on). `supported` is newest first.
 *
 * @example
 * ```ts
 * negotiateProtocolVersion("2025-06-18"); // "2025-06-18"
 * negotiateProtocolVersion("2099-01-01"); // "2025-11-25"
 * ```
 */
export function negotiateProtocolVersion(
  requested: string,
  supported: readonly string[] = SUPPORTED_PROTOCOL_VERSIONS,
): string {
  if (supported.includes(requested)) return requested;
  const newest = supported[0];
  if (newest === undefined) throw new RangeError("negotiateProtocolVersion: no supported versions");
  return newest;
}
