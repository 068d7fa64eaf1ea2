/**
 * Local errors of the stdio transport (string codes, never sent on the wire), recognised by a
 * `Symbol.for` brand rather than `instanceof`, which fails across duplicate package copies.
 */

const STDIO_ERROR_BRAND = Symbol.for("@mcp/client/StdioProcessError");

/** String codes of {@link StdioProcessError}. */
export const StdioErrorCode = {
  /** The command could not be started (not found, not executable, bad cwd). */
  SpawnFailed: "SPAWN_FAILED",
  /** The server process ended while the transport was open (crash, kill, exit). */
  ProcessExited: "PROCESS_EXITED",
  /** `send()` before `start()` or after the transport closed. */
  NotConnected: "NOT_CONNECTED",
  /** `start()` called twice. */
  AlreadyStarted: "ALREADY_STARTED",
  /** Writing to the server's stdin failed (EPIPE: the process is gone). */
  WriteFailed: "WRITE_FAILED",
  /** The server wrote something on stdout that is not a JSON-RPC message. */
  InvalidOutput: "INVALID_OUTPUT",
} as const;

/** One of the string codes in {@link StdioErrorCode}. */
export type StdioErrorCodeValue = (typeof StdioErrorCode)[keyof typeof StdioErrorCode];

/** How a server process ended. */
export interface ProcessExitInfo {
  /** Exit code, or null when killed by a signal. */
  code: number | null;
  /** The signal that ended it, or null. */
  signal: NodeJS.Signals | null;
  /** The last characters the server wrote on stderr. */
  stderrTail: string;
  /** True when the host asked for the close (`close()`), false for a crash or an unexpected exit. */
  expected: boolean;
}

/**
 * A stdio transport failure with a string code; `exit` is set when the process ended.
 *
 * @example
 * transport.onerror = (error) => {
 *   if (isStdioProcessError(error) && error.code === StdioErrorCode.ProcessExited) console.log(error.exit);
 * };
 */
export class StdioProcessError extends Error {
  readonly [STDIO_ERROR_BRAND] = true;
  override readonly name = "StdioProcessError";
  readonly code: StdioErrorCodeValue;
  readonly exit: ProcessExitInfo | undefined;

  constructor(
    code: StdioErrorCodeValue,
    message: string,
    options?: { cause?: unknown; exit?: ProcessExitInfo },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.exit = options?.exit;
  }
}

/**
 * True for a {@link StdioProcessError}, even one from another copy of this package.
 *
 * @example
 * if (isStdioProcessError(error)) console.error(error.code, error.exit?.stderrTail);
 */
export function isStdioProcessError(value: unknown): value is StdioProcessError {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<symbol, unknown>)[STDIO_ERROR_BRAND] === true
  );
}

/** A one-line description of an exit, with the stderr tail when there is one. */
export function describeExit(command: string, exit: ProcessExitInfo): string {
  const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
  const tail = exit.stderrTail.trim();
  return `MCP server "${command}" ${how}${tail ? `; stderr tail:\n${tail.slice(-2000)}` : ""}`;
}
