/**
 * Local errors of the process manager and pool (string codes, never sent on the wire),
 * recognised by a `Symbol.for` brand rather than `instanceof`.
 */

const MANAGER_ERROR_BRAND = Symbol.for("@mcp/client/ManagerError");

/** String codes of {@link ManagerError}. */
export const ManagerErrorCode = {
  /** The server process ended (crash, kill) while the call was in flight. */
  ServerCrashed: "SERVER_CRASHED",
  /** The server was stopped (or restarted on request) while the call was in flight or queued. */
  ServerStopped: "SERVER_STOPPED",
  /** The server crashed and automatic restart gave up (or is disabled). */
  ServerUnavailable: "SERVER_UNAVAILABLE",
  /** Starting the server (spawn + initialize) failed. */
  StartFailed: "START_FAILED",
  /** The server was not ready in time. */
  StartTimeout: "START_TIMEOUT",
  /** A call took longer than its `timeoutMs`. */
  CallTimeout: "CALL_TIMEOUT",
  /** The caller's `AbortSignal` fired. */
  CallAborted: "CALL_ABORTED",
  /** The pool is at its process cap and no idle server can be evicted. */
  PoolAtCapacity: "POOL_AT_CAPACITY",
  /** A server's call queue is full. */
  QueueFull: "QUEUE_FULL",
  /** The pool was shut down. */
  PoolClosed: "POOL_CLOSED",
} as const;

/** One of the string codes in {@link ManagerErrorCode}. */
export type ManagerErrorCodeValue = (typeof ManagerErrorCode)[keyof typeof ManagerErrorCode];

/**
 * A process manager or pool failure with a string code and optional structured `data`.
 *
 * @example
 * try { await server.call((client) => client.ping()); }
 * catch (error) { if (isManagerError(error) && error.code === ManagerErrorCode.ServerCrashed) retryLater(); }
 */
export class ManagerError extends Error {
  readonly [MANAGER_ERROR_BRAND] = true;
  override readonly name = "ManagerError";
  readonly code: ManagerErrorCodeValue;
  readonly data: unknown;

  constructor(code: ManagerErrorCodeValue, message: string, options?: { cause?: unknown; data?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.data = options?.data;
  }
}

/**
 * True for a {@link ManagerError}, even one from another copy of this package.
 *
 * @example
 * if (isManagerError(error)) console.log(error.code);
 */
export function isManagerError(value: unknown): value is ManagerError {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<symbol, unknown>)[MANAGER_ERROR_BRAND] === true
  );
}
