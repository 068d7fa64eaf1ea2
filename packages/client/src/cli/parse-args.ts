/**
 * The `mcp` command line: `mcp <command> [arguments] (--url <url> | -- <server command> [args...])`.
 * Everything after `--` is the stdio server's command line, passed on verbatim (never to a shell).
 */

/** Where the server is. */
export type ServerTarget =
  | { kind: "stdio"; command: string; args: string[]; env: Record<string, string> }
  | { kind: "url"; url: URL; headers: Record<string, string> };

/** A parsed command line. */
export type CliInvocation =
  | { kind: "help" }
  | { kind: "version" }
  | { kind: "run"; command: CliCommand; args: string[]; server: ServerTarget; timeoutMs: number | undefined };

/** The commands of the CLI. */
export const CLI_COMMANDS = ["tools", "call", "resources", "read", "prompts", "prompt", "ping"] as const;
/** One of {@link CLI_COMMANDS}. */
export type CliCommand = (typeof CLI_COMMANDS)[number];

/** A command line the CLI cannot run; exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

export const USAGE = `Usage: mcp <command> [arguments] (--url <http(s)|ws(s) url> | -- <server command> [args...])

Commands:
  tools                      list every tool (follows cursors)
  call <tool> [json]         call a tool with JSON arguments (exit 1 when the result has isError)
  resources                  list every resource and resource template
  read <uri>                 read a resource
  prompts                    list every prompt
  prompt <name> [json]       get a prompt with JSON arguments
  ping                       ping the server

Options:
  --url <url>                a Streamable HTTP server (falls back to HTTP+SSE), or ws:// for WebSocket
  --header "Name: value"     an HTTP header for --url (repeatable)
  --env NAME=value           an environment variable for the stdio server (repeatable)
  --timeout <ms>             request timeout (default 60000)
  -h, --help                 this help
  -v, --version              the version

Output is JSON on stdout; errors are JSON on stderr with exit code 1 (2 for usage errors).`;

function value(argv: string[], i: number, flag: string): string {
  const next = argv[i + 1];
  if (next === undefined) throw new UsageError(`${flag} needs a value`);
  return next;
}

/**
 * Parses the arguments after `mcp`.
 *
 * @example
 * ```ts
 * parseCliArgs(["call", "add", '{"a":1}', "--", "node", "server.js"]);
 * ```
 */
export function parseCliArgs(argv: readonly string[]): CliInvocation {
  const dash = argv.indexOf("--");
  const own = dash === -1 ? [...argv] : argv.slice(0, dash);
  const serverCommand = dash === -1 ? [] : argv.slice(dash + 1);
  if (own.includes("-h") || own.includes("--help")) return { kind: "help" };
  if (own.includes("-v") || own.includes("--version")) return { kind: "version" };
  const positional: string[] = [];
  const headers: Record<string, string> = {};
  const env: Record<string, string> = {};
  let url: string | undefined;
  let timeoutMs: number | undefined;
  for (let i = 0; i < own.length; i++) {
    const arg = own[i]!;
    if (arg === "--url") {
      url = value(own, i++, arg);
    } else if (arg === "--header") {
      const header = value(own, i++, arg);
      const colon = header.indexOf(":");
      if (colon <= 0) throw new UsageError(`--header needs "Name: value", got "${header}"`);
      headers[header.slice(0, colon).trim().toLowerCase()] = header.slice(colon + 1).trim();
    } else if (arg === "--env") {
      const pair = value(own, i++, arg);
      const eq = pair.indexOf("=");
      if (eq <= 0) throw new UsageError(`--env needs NAME=value, got "${pair}"`);
      env[pair.slice(0, eq)] = pair.slice(eq + 1);
    } else if (arg === "--timeout") {
      timeoutMs = Number(value(own, i++, arg));
      if (!Number.isInteger(timeoutMs) || timeoutMs <= 0)
        throw new UsageError("--timeout needs a positive integer");
    } else if (arg.startsWith("-") && arg !== "-") {
      throw new UsageError(`Unknown option ${arg}`);
    } else {
      positional.push(arg);
    }
  }
  const [command, ...args] = positional;
  if (command === undefined) throw new UsageError("No command given");
  if (!(CLI_COMMANDS as readonly string[]).includes(command))
    throw new UsageError(`Unknown command "${command}"`);
  let server: ServerTarget;
  if (url !== undefined && serverCommand.length > 0) {
    throw new UsageError("Give either --url or a server command after --, not both");
  }
  if (url !== undefined) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new UsageError(`Invalid URL "${url}"`);
    }
    server = { kind: "url", url: parsed, headers };
  } else if (serverCommand.length > 0) {
    server = { kind: "stdio", command: serverCommand[0]!, args: serverCommand.slice(1), env };
  } else {
    throw new UsageError("No server: give --url <url> or -- <command> [args...]");
  }
  const needs: Partial<Record<CliCommand, number>> = { call: 1, read: 1, prompt: 1 };
  const min = needs[command as CliCommand] ?? 0;
  if (args.length < min)
    throw new UsageError(`"${command}" needs ${min === 1 ? "an argument" : `${min} arguments`}`);
  return { kind: "run", command: command as CliCommand, args, server, timeoutMs };
}
