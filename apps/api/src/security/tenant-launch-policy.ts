import { existsSync, realpathSync } from "node:fs";
import { dirname, isAbsolute, resolve, sep } from "node:path";
import { LaunchPolicyError } from "./launch-policy.js";
import { assertHostAllowed } from "./url-policy.js";

/** What a tenant's stdio server may reach: its own files root, and public network hosts. */
export interface TenantLaunchScope {
  /** The tenant's own directory; every path a tenant's server is given must stay inside it. */
  tenantRoot: string;
  allowPrivateNetwork: boolean;
}

// Flags that would turn a bundled server into a network listener, or point it elsewhere than
// its arguments say.
const FORBIDDEN_FLAGS = new Set(["--transport", "--port", "--host", "--url"]);
const NETWORK_SCHEMES = new Set([
  "postgres:",
  "postgresql:",
  "mysql:",
  "mariadb:",
  "http:",
  "https:",
  "ws:",
  "wss:",
]);
const FILE_SCHEMES = new Set(["sqlite:", "pglite:", "file:"]);
const IN_MEMORY = new Set([
  "pglite:memory",
  "pglite:",
  "pglite://memory",
  "sqlite::memory:",
  "sqlite:memory",
]);

function realpathOfNearest(path: string): string {
  let current = path;
  while (!existsSync(current)) {
    const parent = dirname(current);
    if (parent === current) return current;
    current = parent;
  }
  const real = realpathSync(current);
  return current === path ? real : resolve(real, path.slice(current.length + 1));
}

function assertInside(value: string, field: string, root: string): void {
  const realRoot = realpathOfNearest(root);
  const target = realpathOfNearest(isAbsolute(value) ? value : resolve(root, value));
  if (target !== realRoot && !target.startsWith(realRoot + sep)) {
    throw new LaunchPolicyError(field, `'${value}' is outside the tenant's own directory (${root})`);
  }
}

function assertValueAllowed(value: string, field: string, scope: TenantLaunchScope): void {
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(value)?.[0].toLowerCase();
  if (scheme && NETWORK_SCHEMES.has(scheme)) {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new LaunchPolicyError(field, "is not a valid URL");
    }
    assertHostAllowed(url, field, scope);
    return;
  }
  if (scheme && FILE_SCHEMES.has(scheme)) {
    if (IN_MEMORY.has(value.toLowerCase())) return;
    assertInside(value.slice(scheme.length).replace(/^\/\//, ""), field, scope.tenantRoot);
    return;
  }
  if (scheme) return; // another scheme names no file or host we know how to reach
  assertInside(value, field, scope.tenantRoot);
}

/**
 * The launch of a tenant's own stdio server (platform admins are trusted and not checked here):
 * no working directory of its own choosing, no flag that makes the server listen on the network,
 * and every argument or environment value that names a file or a host must name one inside the
 * tenant's directory or on a public network. Without this, a tenant admin could register
 * `mcp-server-filesystem /` or `mcp-server-database sqlite:/var/lib/platform.db`.
 *
 * @example
 * assertTenantLaunchAllowed({ args: ["reports"] }, { tenantRoot: "/data/files/tenants/t1", allowPrivateNetwork: false });
 */
export function assertTenantLaunchAllowed(
  launch: { args?: readonly string[]; env?: Readonly<Record<string, string>>; cwd?: string | null },
  scope: TenantLaunchScope,
): void {
  if (launch.cwd)
    throw new LaunchPolicyError("cwd", "only platform admins choose a server's working directory");
  for (const [index, arg] of (launch.args ?? []).entries()) {
    const field = `args[${index}]`;
    if (arg.startsWith("-")) {
      const [flag, value] = arg.split(/=(.*)/s, 2) as [string, string | undefined];
      if (FORBIDDEN_FLAGS.has(flag))
        throw new LaunchPolicyError(field, `'${flag}' is for platform admins only`);
      if (value !== undefined) assertValueAllowed(value, field, scope);
      continue;
    }
    assertValueAllowed(arg, field, scope);
  }
  for (const [key, value] of Object.entries(launch.env ?? {})) assertValueAllowed(value, `env.${key}`, scope);
}

/** The directory of a tenant's own files under the platform's files root. */
export function tenantRootOf(filesRoot: string, tenantId: string): string {
  return resolve(filesRoot, "tenants", tenantId);
}
