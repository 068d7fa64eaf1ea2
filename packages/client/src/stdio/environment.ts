/**
 * The environment variables a stdio server inherits from the host by default: only the few a
 * program needs to run (as the official MCP SDKs do), so secrets in the host's environment never
 * leak into a server started on a tenant's behalf.
 */
export const DEFAULT_INHERITED_ENV_VARS: readonly string[] =
  process.platform === "win32"
    ? [
        "APPDATA",
        "HOMEDRIVE",
        "HOMEPATH",
        "LOCALAPPDATA",
        "PATH",
        "PROCESSOR_ARCHITECTURE",
        "SYSTEMDRIVE",
        "SYSTEMROOT",
        "TEMP",
        "USERNAME",
        "USERPROFILE",
        "PROGRAMFILES",
      ]
    : ["HOME", "LOGNAME", "PATH", "SHELL", "TERM", "USER"];

/**
 * The minimal environment inherited from `source` (the host's `process.env` by default).
 * Values that look like exported shell functions (`() {...}`) are skipped: they are a known
 * injection vector (Shellshock) and no server needs them.
 *
 * @example
 * const env = getDefaultEnvironment();
 * // { HOME: "/home/me", PATH: "/usr/bin:/bin", ... } — nothing else from process.env
 */
export function getDefaultEnvironment(
  source: Record<string, string | undefined> = process.env,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of DEFAULT_INHERITED_ENV_VARS) {
    const value = source[key];
    if (value === undefined || value.startsWith("()")) continue;
    env[key] = value;
  }
  return env;
}

/**
 * The environment a stdio server is started with: the minimal inherited set, then the configured
 * variables (which win).
 *
 * @example
 * buildServerEnvironment({ API_TOKEN: "t" }); // { HOME, PATH, ..., API_TOKEN: "t" }
 */
export function buildServerEnvironment(
  configured: Record<string, string> = {},
  source: Record<string, string | undefined> = process.env,
): Record<string, string> {
  return { ...getDefaultEnvironment(source), ...configured };
}
