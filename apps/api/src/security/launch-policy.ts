/**
 * What a stdio server launch may contain when it comes from a request. Nothing from a request
 * ever reaches a shell (the client spawns without one), but a spawn alone can still run
 * anything: an allowed interpreter given `-e`, an environment with `NODE_OPTIONS` or
 * `LD_PRELOAD`, a command outside the operator's list. This module refuses all of those.
 */

/** One refused field of a launch, named so the API can answer 403 `launch_refused` with the field and reason. */
export class LaunchPolicyError extends Error {
  override readonly name = "LaunchPolicyError";
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

/** The stdio launch of a server as stored in the registry. */
export interface StdioLaunch {
  command: string;
  args?: readonly string[];
  env?: Readonly<Record<string, string>>;
  cwd?: string | null;
}

/** The bundled servers, allowed by default when `MCP_ALLOWED_COMMANDS` is not set. */
export const BUNDLED_SERVER_COMMANDS = Object.freeze([
  "mcp-server-calculator",
  "mcp-server-filesystem",
  "mcp-server-database",
]);

// Variables that change what a process loads or runs before its own code: refused whatever
// their value. Matched case-insensitively, since Windows treats them so and a mixed-case
// duplicate is never legitimate.
const FORBIDDEN_ENV = new Set(
  [
    "PATH",
    "NODE_OPTIONS",
    "NODE_PATH",
    "NODE_EXTRA_CA_CERTS",
    "NODE_TLS_REJECT_UNAUTHORIZED",
    "LD_PRELOAD",
    "LD_LIBRARY_PATH",
    "LD_AUDIT",
    "PYTHONPATH",
    "PYTHONSTARTUP",
    "PYTHONHOME",
    "PERL5OPT",
    "PERL5LIB",
    "RUBYOPT",
    "RUBYLIB",
    "BASH_ENV",
    "ENV",
    "SHELLOPTS",
    "PS4",
    "PROMPT_COMMAND",
    "IFS",
    "GCONV_PATH",
    "HOME",
    "SHELL",
  ].map((name) => name.toUpperCase()),
);
const FORBIDDEN_ENV_PREFIXES = ["LD_", "DYLD_", "NPM_CONFIG_", "BUN_", "DENO_"];
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

// Interpreters, by the basename of the command, and the flags that make each evaluate code
// given on the command line or preload code named there.
const EVALUATING_FLAGS: Record<string, readonly string[]> = {
  node: [
    "-e",
    "--eval",
    "-p",
    "--print",
    "-r",
    "--require",
    "--import",
    "--loader",
    "--experimental-loader",
    "-i",
    "--interactive",
    "--inspect",
    "--inspect-brk",
    "--env-file",
  ],
  python: ["-c", "-i"],
  deno: ["eval", "repl"],
  bun: ["-e", "--eval", "-p", "--print", "-r", "--preload"],
  ruby: ["-e", "-r", "-I"],
  perl: ["-e", "-E", "-M", "-m", "-I"],
  php: ["-r", "-a", "-d"],
  sh: ["-c", "-s", "-i"],
  lua: ["-e", "-l"],
  uvx: ["--with", "--from"],
};
const INTERPRETER_ALIASES: Record<string, string> = {
  nodejs: "node",
  python2: "python",
  python3: "python",
  pypy: "python",
  pypy3: "python",
  bash: "sh",
  dash: "sh",
  zsh: "sh",
  ksh: "sh",
  fish: "sh",
  tsx: "node",
  "ts-node": "node",
};

function interpreterOf(command: string): string | undefined {
  const base = command.split(/[\\/]/).pop() ?? command;
  const stripped = base.replace(/\.exe$/i, "").replace(/[0-9.]+$/, "") || base;
  const name = INTERPRETER_ALIASES[base] ?? INTERPRETER_ALIASES[stripped] ?? stripped;
  return name in EVALUATING_FLAGS ? name : undefined;
}

function isEvaluatingFlag(arg: string, flags: readonly string[]): boolean {
  for (const flag of flags) {
    if (arg === flag) return true;
    // `--eval=code`, `--require=x`; and bundled short flags such as `-pe` or `-ce`.
    if (flag.startsWith("--") && arg.startsWith(`${flag}=`)) return true;
    if (/^-[a-zA-Z]$/.test(flag) && /^-[a-zA-Z]{2,}$/.test(arg) && arg.includes(flag[1]!)) return true;
    if (/^-[a-zA-Z]$/.test(flag) && arg.startsWith(flag) && arg.length > 2 && !arg.startsWith("--"))
      return true;
  }
  return false;
}

/**
 * Checks a stdio launch against the operator's allow list and the rules above; throws
 * {@link LaunchPolicyError} naming the first refused field.
 *
 * @example
 * assertLaunchAllowed({ command: "mcp-server-calculator", args: [] }, BUNDLED_SERVER_COMMANDS);
 * assertLaunchAllowed({ command: "node", args: ["-e", "..."] }, ["node"]); // throws: args[0]
 */
export function assertLaunchAllowed(launch: StdioLaunch, allowedCommands: readonly string[]): void {
  const { command } = launch;
  if (command.trim() !== command || command.length === 0) {
    throw new LaunchPolicyError("command", "must be a non-empty command without surrounding spaces");
  }
  if (/[\0\n\r]/.test(command)) throw new LaunchPolicyError("command", "contains a control character");
  if (!allowedCommands.includes(command)) {
    throw new LaunchPolicyError(
      "command",
      `'${command}' is not on the operator's allow list (MCP_ALLOWED_COMMANDS): ${allowedCommands.join(", ") || "(empty)"}`,
    );
  }
  const args = launch.args ?? [];
  if (args.length > 64) throw new LaunchPolicyError("args", "at most 64 arguments");
  const interpreter = interpreterOf(command);
  for (const [index, arg] of args.entries()) {
    if (arg.includes("\0")) throw new LaunchPolicyError(`args[${index}]`, "contains a null byte");
    if (arg.length > 4096) throw new LaunchPolicyError(`args[${index}]`, "longer than 4096 characters");
    if (interpreter && isEvaluatingFlag(arg, EVALUATING_FLAGS[interpreter]!)) {
      throw new LaunchPolicyError(
        `args[${index}]`,
        `'${arg}' makes the ${interpreter} interpreter evaluate code from its arguments`,
      );
    }
  }
  for (const [key, value] of Object.entries(launch.env ?? {})) {
    assertEnvEntryAllowed(key, value);
  }
  if (launch.cwd != null && (launch.cwd.includes("\0") || !launch.cwd.startsWith("/"))) {
    throw new LaunchPolicyError("cwd", "must be an absolute path without null bytes");
  }
}

/**
 * Refuses an environment variable that would change how a server process starts.
 *
 * @example
 * assertEnvEntryAllowed("API_TOKEN", "x"); // fine
 * assertEnvEntryAllowed("NODE_OPTIONS", "--require /tmp/x.js"); // throws
 */
export function assertEnvEntryAllowed(key: string, value: string): void {
  const field = `env.${key}`;
  if (!ENV_NAME.test(key)) throw new LaunchPolicyError(field, "is not a valid environment variable name");
  const upper = key.toUpperCase();
  if (FORBIDDEN_ENV.has(upper) || FORBIDDEN_ENV_PREFIXES.some((prefix) => upper.startsWith(prefix))) {
    throw new LaunchPolicyError(field, "may not be set: it changes what the server process loads or runs");
  }
  if (value.includes("\0")) throw new LaunchPolicyError(field, "contains a null byte");
  if (value.length > 32_768) throw new LaunchPolicyError(field, "longer than 32768 characters");
}

/**
 * The commands an operator allows, from `MCP_ALLOWED_COMMANDS` (comma-separated); the bundled
 * servers when it is unset.
 *
 * @example
 * allowedCommandsFromEnv({ MCP_ALLOWED_COMMANDS: "mcp-server-calculator,uvx" });
 */
export function allowedCommandsFromEnv(env: Record<string, string | undefined>): readonly string[] {
  const raw = env.MCP_ALLOWED_COMMANDS;
  if (raw === undefined) return BUNDLED_SERVER_COMMANDS;
  return raw
    .split(",")
    .map((command) => command.trim())
    .filter((command) => command.length > 0);
}
