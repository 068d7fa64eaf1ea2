import type { McpServer } from "../mcp-server.js";
import type { ServerSession } from "../server-session.js";
import { StdioServerTransport, type StdioServerTransportOptions } from "./stdio-server-transport.js";

/** Options of {@link serveStdio}. */
export interface ServeStdioOptions extends StdioServerTransportOptions {
  /**
   * Exit the process once the session ends (stdin closed, stdout broken, SIGINT/SIGTERM), after
   * stdout is flushed, even if handlers left timers or sockets open. Default: true when serving
   * the real `process.stdin`.
   */
  exitProcess?: boolean;
  /** Send `console.log/info/debug` to stderr while serving, so stdout carries only MCP. Default true. */
  redirectConsole?: boolean;
  /** Errors outside any request; default: one line on stderr. */
  onerror?: (error: Error) => void;
}

/** A running stdio server. */
export interface StdioServing {
  session: ServerSession;
  transport: StdioServerTransport;
  /** Resolves when the session has ended. */
  closed: Promise<void>;
}

const REDIRECTED = ["log", "info", "debug"] as const;

/**
 * Serves `server` over this process's stdin/stdout.
 *
 * @example
 * ```ts
 * const { closed } = await serveStdio(server);
 * await closed; // stdin closed: the process exits right after
 * ```
 */
export async function serveStdio(server: McpServer, options: ServeStdioOptions = {}): Promise<StdioServing> {
  const transport = new StdioServerTransport(options);
  const exitProcess = options.exitProcess ?? options.stdin === undefined;
  const restoreConsole = options.redirectConsole === false ? () => undefined : redirectConsole();
  const onerror =
    options.onerror ?? ((error: Error) => process.stderr.write(`[mcp stdio] ${error.message}\n`));
  transport.onerror = onerror;
  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => {
    resolveClosed = resolve;
  });
  const stop = () => void session.close();
  const session = await server.connect(transport);
  if (exitProcess) {
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  }
  // McpServer.connect wires the transport's onclose to the session; chain after it.
  const sessionClosed = session.onclose;
  session.onclose = () => {
    sessionClosed?.();
    restoreConsole();
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
    resolveClosed();
    if (exitProcess) {
      void transport.flushed().finally(() => process.exit(process.exitCode ?? 0));
    }
  };
  return { session, transport, closed };
}

function redirectConsole(): () => void {
  const saved = REDIRECTED.map((method) => [method, console[method]] as const);
  for (const method of REDIRECTED) {
    console[method] = (...args: unknown[]) => console.error(...args);
  }
  return () => {
    for (const [method, original] of saved) console[method] = original;
  };
}
