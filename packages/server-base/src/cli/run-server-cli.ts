import { type ParseArgsConfig, parseArgs } from "node:util";
import { setFlagsFromString } from "node:v8";
import type { McpServer } from "../mcp-server.js";
import { type ServeStdioOptions, serveStdio } from "../stdio/serve-stdio.js";

/** One extra command-line option (node:util parseArgs shape plus a help text). */
export interface CliOption {
  type: "string" | "boolean";
  short?: string;
  multiple?: boolean;
  default?: string | boolean | string[] | boolean[];
  /** Shown in `--help`. */
  description?: string;
  /** Placeholder of a string option in `--help`, e.g. `<url>`. */
  valueName?: string;
}

/** What `createServer` receives. */
export interface ParsedCli {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
  transport: "stdio" | "http";
}

/** Options of {@link runServerCli}. */
export interface RunServerCliOptions {
  /** Program name shown in `--help`. */
  name: string;
  /** Printed by `--version`. */
  version: string;
  description?: string;
  /** Positional arguments shown in the usage line, e.g. `<dir>...`. */
  usage?: string;
  /** Extra options. */
  options?: Record<string, CliOption>;
  /** Accept positional arguments; default true when `usage` is given. */
  allowPositionals?: boolean;
  /** Builds the server from the parsed command line. */
  createServer: (cli: ParsedCli) => McpServer | Promise<McpServer>;
  /** Default `process.argv.slice(2)`. */
  argv?: string[];
  /** Where help, version and errors go; default process.stdout / process.stderr. */
  io?: { stdout?: (text: string) => void; stderr?: (text: string) => void };
  /** Passed to `serveStdio` (tests use it to serve other streams). */
  stdio?: ServeStdioOptions;
  /**
   * With `--transport stdio`, keep V8's young generation at its initial size instead of letting
   * it grow to 16 MiB semi-spaces under load: a stdio server serves one client, and this cuts its
   * peak memory by about a quarter at no measured throughput cost (docs/decisions.md).
   * Default true; the environment variable `MCP_SMALL_HEAP=0` turns it off.
   */
  smallHeap?: boolean;
}

/** A running (or finished) command. */
export interface RunningCli {
  /** 0 after --help/--version, 2 after bad arguments, undefined while serving. */
  exitCode?: number;
  /** The HTTP endpoint, with `--transport http`. */
  url?: URL;
  /** Resolves when serving ended (stdio: stdin closed). */
  closed: Promise<void>;
  /** Stops serving. */
  close(): Promise<void>;
}

const BUILT_IN: Record<string, CliOption> = {
  transport: {
    type: "string",
    short: "t",
    valueName: "<stdio|http>",
    description: "transport to serve (default: stdio)",
  },
  port: {
    type: "string",
    short: "p",
    valueName: "<n>",
    description: "HTTP port (default: 3000; 0 picks a free one)",
  },
  host: { type: "string", valueName: "<host>", description: "HTTP interface to bind (default: 127.0.0.1)" },
  help: { type: "boolean", short: "h", description: "show this help" },
  version: { type: "boolean", short: "v", description: "show the version" },
};

class UsageError extends Error {}

/**
 * The command line every server built on the base gets: `--transport stdio|http`, `--port`,
 * `--host` (127.0.0.1 by default), `--help`, `--version`, plus the server's own options.
 *
 * @example
 * ```ts
 * await runServerCli({
 *   name: "mcp-server-demo",
 *   version: "1.0.0",
 *   usage: "<dir>...",
 *   createServer: ({ positionals }) => createDemoServer(positionals),
 * });
 * ```
 */
export async function runServerCli(options: RunServerCliOptions): Promise<RunningCli> {
  const stdout = options.io?.stdout ?? ((text: string) => void process.stdout.write(text));
  const stderr = options.io?.stderr ?? ((text: string) => void process.stderr.write(text));
  const all = { ...options.options, ...BUILT_IN };
  const finished = (exitCode: number): RunningCli => {
    if (options.io === undefined) process.exitCode = exitCode;
    return { exitCode, closed: Promise.resolve(), close: async () => undefined };
  };
  let parsed: ParsedCli;
  try {
    parsed = parse(options, all);
  } catch (error) {
    stderr(`${options.name}: ${(error as Error).message}\n\n${usage(options, all)}`);
    return finished(2);
  }
  if (parsed.values.help) {
    stdout(usage(options, all));
    return finished(0);
  }
  if (parsed.values.version) {
    stdout(`${options.version}\n`);
    return finished(0);
  }
  if (parsed.transport === "stdio" && (options.smallHeap ?? process.env.MCP_SMALL_HEAP !== "0")) {
    // Read by V8 each time it would grow new space; set before the server allocates anything.
    setFlagsFromString("--semi-space-growth-factor=1");
  }
  const server = await options.createServer(parsed);
  if (parsed.transport === "stdio") {
    const serving = await serveStdio(server, options.stdio);
    return { closed: serving.closed, close: () => serving.session.close() };
  }
  const { serveHttp } = await import("../http/index.js");
  const port = parsed.values.port === undefined ? 3000 : Number(parsed.values.port);
  const host = (parsed.values.host as string | undefined) ?? "127.0.0.1";
  const running = await serveHttp(server, { port, host });
  stderr(`${options.name} ${options.version}: MCP over Streamable HTTP at ${running.url.href}\n`);
  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => {
    resolveClosed = resolve;
  });
  const close = async () => {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await running.close();
    resolveClosed();
  };
  const onSignal = () => void close();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  return { url: running.url, closed, close };
}

function parse(options: RunServerCliOptions, all: Record<string, CliOption>): ParsedCli {
  const parseOptions = Object.fromEntries(
    Object.entries(all).map(([name, { description: _d, valueName: _v, ...option }]) => [name, option]),
  );
  let result: ReturnType<typeof parseArgs>;
  try {
    result = parseArgs({
      args: options.argv ?? process.argv.slice(2),
      options: parseOptions as ParseArgsConfig["options"],
      allowPositionals: options.allowPositionals ?? options.usage !== undefined,
      strict: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message.split("\n")[0]);
  }
  const values = result.values as ParsedCli["values"];
  const transport = (values.transport as string | undefined) ?? "stdio";
  if (transport !== "stdio" && transport !== "http") {
    throw new UsageError(`--transport must be "stdio" or "http", got "${transport}"`);
  }
  if (values.port !== undefined) {
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65_535) {
      throw new UsageError(`--port must be an integer from 0 to 65535, got "${String(values.port)}"`);
    }
  }
  return { values, positionals: result.positionals, transport };
}

function usage(options: RunServerCliOptions, all: Record<string, CliOption>): string {
  const rows = Object.entries(all).map(([name, option]) => {
    const flags = `${option.short ? `-${option.short}, ` : "    "}--${name}${
      option.type === "string" ? ` ${option.valueName ?? "<value>"}` : ""
    }`;
    return [flags, option.description ?? ""] as const;
  });
  const width = Math.max(...rows.map(([flags]) => flags.length)) + 2;
  const lines = [`Usage: ${options.name} [options]${options.usage ? ` ${options.usage}` : ""}`, ""];
  if (options.description) lines.push(options.description, "");
  lines.push("Options:");
  for (const [flags, description] of rows) lines.push(`  ${flags.padEnd(width)}${description}`.trimEnd());
  return `${lines.join("\n")}\n`;
}
