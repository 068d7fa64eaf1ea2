/**
 * DNS rebinding protection (spec 2025-11-25, basic/transports, "Security Warning"): a web page on
 * evil.example can resolve its name to 127.0.0.1 and reach a local server from the browser. The
 * browser still sends `Host: evil.example` and `Origin: http://evil.example`, so checking both
 * against an allow list stops it. ON by default; the default list is the loopback names.
 */

/** The host names a loopback server answers to by default. */
export const LOOPBACK_HOSTNAMES: readonly string[] = ["localhost", "127.0.0.1", "[::1]"];

/** Options of {@link createHostValidator}. */
export interface HostValidationOptions {
  /**
   * Allowed `Host` header values: a bare host name (`"localhost"`, any port) or `host:port`
   * (that port only). Default {@link LOOPBACK_HOSTNAMES}.
   */
  allowedHosts?: readonly string[];
  /**
   * Allowed `Origin` header values: full origins (`"https://app.example"`) or bare host names (any
   * scheme and port). Requests without an `Origin` header (non-browser clients) pass. Default: the
   * allowed host names.
   */
  allowedOrigins?: readonly string[];
  /** `false` turns the checks off (for a server behind a proxy that already checks). */
  enabled?: boolean;
}

/** The verdict on one request's headers. */
export type HostValidationResult = { ok: true } | { ok: false; reason: string };

/** True when `host` is a loopback address or name (what `serveHttp` binds by default). */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase();
  return (
    h === "localhost" ||
    h === "::1" ||
    h === "[::1]" ||
    /^127(?:\.\d{1,3}){3}$/.test(h) ||
    h.endsWith(".localhost")
  );
}

/**
 * Builds the check run on every request before anything else.
 *
 * @example
 * ```ts
 * const check = createHostValidator({ allowedHosts: ["mcp.example.com"] });
 * check(request); // { ok: false, reason: "..." } for Host: evil.example
 * ```
 */
export function createHostValidator(
  options: HostValidationOptions = {},
): (request: Request) => HostValidationResult {
  if (options.enabled === false) return () => ({ ok: true });
  const hosts = (options.allowedHosts ?? LOOPBACK_HOSTNAMES).map((h) => h.toLowerCase());
  const bareHosts = new Set(hosts.filter((h) => splitHostPort(h).port === undefined));
  const exactHosts = new Set(hosts);
  const originAllowed = createOriginChecker(options);

  return (request) => {
    const headers = request.headers;
    // Runtimes that build the Request themselves may leave Host out of the headers; the URL has it.
    const host = (headers.get("host") ?? hostOfUrl(request.url)).toLowerCase();
    if (host === "") return { ok: false, reason: "Missing Host header" };
    if (!exactHosts.has(host) && !bareHosts.has(splitHostPort(host).hostname)) {
      return { ok: false, reason: `Host not allowed: ${host}` };
    }
    const origin = headers.get("origin");
    if (origin !== null && !originAllowed(origin)) {
      return { ok: false, reason: `Origin not allowed: ${origin}` };
    }
    return { ok: true };
  };
}

/**
 * The `Origin` half of {@link createHostValidator}, also used to answer CORS: true when `origin`
 * is in `allowedOrigins` (default: the allowed host names, any scheme and port).
 *
 * @example
 * ```ts
 * createOriginChecker()("http://localhost:5173"); // true
 * createOriginChecker()("https://evil.example"); // false
 * ```
 */
export function createOriginChecker(options: HostValidationOptions = {}): (origin: string) => boolean {
  if (options.enabled === false) return () => true;
  const hosts = (options.allowedHosts ?? LOOPBACK_HOSTNAMES).map((h) => h.toLowerCase());
  const origins = (options.allowedOrigins ?? hosts).map((o) => o.toLowerCase().replace(/\/+$/, ""));
  const exactOrigins = new Set(origins.filter((o) => o.includes("://")));
  const originHosts = new Set(origins.filter((o) => !o.includes("://")));
  return (origin) => {
    const normalized = origin.toLowerCase();
    let originHost: string;
    try {
      originHost = new URL(normalized).host;
    } catch {
      return false;
    }
    return (
      exactOrigins.has(normalized) ||
      originHosts.has(originHost) ||
      originHosts.has(splitHostPort(originHost).hostname)
    );
  };
}

function splitHostPort(value: string): { hostname: string; port?: string } {
  // "[::1]:3000", "[::1]", "localhost:3000", "localhost"
  const bracketed = /^(\[[^\]]+\])(?::(\d+))?$/.exec(value);
  if (bracketed) {
    const hostname = bracketed[1] as string;
    return bracketed[2] === undefined ? { hostname } : { hostname, port: bracketed[2] };
  }
  const colon = value.lastIndexOf(":");
  if (colon > 0 && value.indexOf(":") === colon) {
    return { hostname: value.slice(0, colon), port: value.slice(colon + 1) };
  }
  return { hostname: value };
}

function hostOfUrl(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "";
  }
}
