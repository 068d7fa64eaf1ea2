import { DatabaseToolError } from "../errors.js";

/** The error a driver throws when the caller's signal aborted the statement. */
export function cancelledError(cause?: unknown): DatabaseToolError {
  return new DatabaseToolError("CANCELLED", "the query was cancelled", { cause });
}

/** The error a driver throws when the database stopped the statement at the timeout. */
export function timeoutError(timeoutMs: number, cause?: unknown): DatabaseToolError {
  return new DatabaseToolError(
    "TIMEOUT",
    `the statement ran longer than ${timeoutMs} ms and was stopped by the database`,
    {
      cause,
    },
  );
}

/** Wraps a database error so its message (never a stack) reaches the client. */
export function databaseError(error: unknown): DatabaseToolError {
  const message = error instanceof Error ? error.message : String(error);
  return new DatabaseToolError("DATABASE", message, { cause: error });
}

/** Runs `onAbort` once if `signal` aborts while the returned disposer has not been called. */
export function onAbort(signal: AbortSignal | undefined, onAbort: () => void): () => void {
  if (!signal) return () => {};
  if (signal.aborted) {
    onAbort();
    return () => {};
  }
  signal.addEventListener("abort", onAbort, { once: true });
  return () => signal.removeEventListener("abort", onAbort);
}
