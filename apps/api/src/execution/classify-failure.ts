import { isManagerError, ManagerErrorCode } from "@mcp/client/manager";
import { isLocalError, isProtocolError, LocalErrorCode } from "@mcp/protocol";

/** How a failed call is audited and answered. */
export interface FailureClass {
  status: "failed" | "timed_out" | "cancelled";
  /** Stable code stored in the audit log and returned to the caller. */
  code: string;
  message: string;
  httpStatus: 502 | 503 | 504;
  /** Whether another attempt may succeed (the server died or could not start). */
  retryable: boolean;
}

const CRASH_CODES = new Set<string>([
  ManagerErrorCode.ServerCrashed,
  ManagerErrorCode.ServerStopped,
  ManagerErrorCode.ServerUnavailable,
  ManagerErrorCode.StartFailed,
  ManagerErrorCode.StartTimeout,
]);

/**
 * Sorts an error from the client pool into the audit statuses. Timeouts and cancellations are
 * never retried: the server may still be working on the call, and repeating a tool with side
 * effects is the caller's decision, not ours.
 *
 * @example
 * const failure = classifyFailure(error); // { status: "timed_out", code: "timeout", httpStatus: 504, ... }
 */
export function classifyFailure(error: unknown): FailureClass {
  const message = error instanceof Error ? error.message : String(error);
  if (isManagerError(error)) {
    if (error.code === ManagerErrorCode.CallTimeout) {
      return { status: "timed_out", code: "timeout", message, httpStatus: 504, retryable: false };
    }
    if (error.code === ManagerErrorCode.CallAborted || error.code === ManagerErrorCode.PoolClosed) {
      return { status: "cancelled", code: "cancelled", message, httpStatus: 503, retryable: false };
    }
    if (error.code === ManagerErrorCode.PoolAtCapacity || error.code === ManagerErrorCode.QueueFull) {
      return { status: "failed", code: "capacity", message, httpStatus: 503, retryable: false };
    }
    if (CRASH_CODES.has(error.code)) {
      return { status: "failed", code: "server_unavailable", message, httpStatus: 502, retryable: true };
    }
  }
  if (isLocalError(error)) {
    if (error.code === LocalErrorCode.RequestTimeout) {
      return { status: "timed_out", code: "timeout", message, httpStatus: 504, retryable: false };
    }
    if (error.code === LocalErrorCode.RequestAborted) {
      return { status: "cancelled", code: "cancelled", message, httpStatus: 503, retryable: false };
    }
    if (error.code === LocalErrorCode.ConnectionClosed) {
      return { status: "failed", code: "server_unavailable", message, httpStatus: 502, retryable: true };
    }
  }
  if (isProtocolError(error)) {
    return { status: "failed", code: `mcp_error_${error.code}`, message, httpStatus: 502, retryable: false };
  }
  return { status: "failed", code: "internal_error", message, httpStatus: 502, retryable: false };
}
