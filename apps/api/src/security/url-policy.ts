import { isIP } from "node:net";
import { LaunchPolicyError } from "./launch-policy.js";

// Hosts that reach the API's own machine or its private network. A tenant who registers
// http://169.254.169.254/ or http://localhost:5432/ would make the platform call them.
const LOOPBACK_NAMES = new Set(["localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"]);

function isPrivateIPv4(host: string): boolean {
  const [a, b] = host.split(".").map(Number) as [number, number];
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168)
  );
}

function isPrivateIPv6(host: string): boolean {
  const lower = host.toLowerCase();
  if (lower === "::" || lower === "::1") return true;
  if (lower.startsWith("fc") || lower.startsWith("fd") || lower.startsWith("fe80")) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  return mapped ? isPrivateIPv4(mapped[1]!) : false;
}

/**
 * Refuses a server URL that is not http(s)/ws(s), carries credentials, or (unless the operator
 * allows private networks) names a loopback, link-local or private address literally. Names
 * that resolve to private addresses are the operator's network policy to block; this check
 * stops the literal and the obvious.
 *
 * @example
 * assertServerUrlAllowed("https://mcp.example.com/mcp", { allowPrivateNetwork: false });
 */
export function assertServerUrlAllowed(raw: string, options: { allowPrivateNetwork: boolean }): void {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new LaunchPolicyError("url", "is not a valid URL");
  }
  if (!["http:", "https:", "ws:", "wss:"].includes(url.protocol)) {
    throw new LaunchPolicyError("url", `the scheme ${url.protocol} is not allowed (http, https, ws, wss)`);
  }
  if (url.username || url.password) {
    throw new LaunchPolicyError(
      "url",
      "must not carry credentials: put them in headers, which are stored encrypted",
    );
  }
  assertHostAllowed(url, "url", options);
}

/**
 * Refuses a URL whose host is a literal loopback, link-local or private address (or a
 * localhost name), unless the operator allows private networks.
 *
 * @example
 * assertHostAllowed(new URL("postgres://db.example.com/app"), "args[0]", { allowPrivateNetwork: false });
 */
export function assertHostAllowed(url: URL, field: string, options: { allowPrivateNetwork: boolean }): void {
  if (options.allowPrivateNetwork) return;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const kind = isIP(host);
  const isPrivate =
    LOOPBACK_NAMES.has(host.toLowerCase()) ||
    host.toLowerCase().endsWith(".localhost") ||
    (kind === 4 && isPrivateIPv4(host)) ||
    (kind === 6 && isPrivateIPv6(host));
  if (isPrivate) {
    throw new LaunchPolicyError(
      field,
      `${host} is a loopback or private address (set MCP_ALLOW_PRIVATE_URLS=1 to allow)`,
    );
  }
}
