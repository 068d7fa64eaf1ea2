/**
 * One request this side sent and awaits: its promise, its timer and its progress callback. The
 * timer is a single `setTimeout` whose delay is the smaller of the idle timeout and what is left of
 * the maximum total time, so both limits need one timer and a progress reset re-arms it.
 */

import type { RequestId } from "../envelope.js";
import { LocalError, LocalErrorCode } from "../errors.js";
import type { Progress } from "./types.js";

/** Settings of one outgoing request. */
export interface OutgoingRequestInit {
  id: RequestId;
  method: string;
  /** The params as sent (result validation of task-augmented requests depends on them). */
  params: Record<string, unknown> | undefined;
  timeoutMs: number;
  resetTimeoutOnProgress: boolean;
  maxTotalTimeoutMs: number | undefined;
  onProgress: ((progress: Progress) => void) | undefined;
  /** Called once when the request times out, before it rejects (sends the cancellation). */
  onTimeout: (request: OutgoingRequest, error: LocalError) => void;
}

export class OutgoingRequest {
  readonly id: RequestId;
  readonly method: string;
  readonly params: Record<string, unknown> | undefined;
  readonly promise: Promise<Record<string, unknown>>;
  private resolveFn!: (value: Record<string, unknown>) => void;
  private rejectFn!: (error: unknown) => void;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly startedAt = Date.now();
  private settled = false;
  private readonly init: OutgoingRequestInit;
  /** Cleanup run when the request settles (signal listener removal, map removal). */
  cleanup: (() => void) | undefined;

  constructor(init: OutgoingRequestInit) {
    this.init = init;
    this.id = init.id;
    this.method = init.method;
    this.params = init.params;
    this.promise = new Promise((resolve, reject) => {
      this.resolveFn = resolve;
      this.rejectFn = reject;
    });
    this.arm();
  }

  get isSettled(): boolean {
    return this.settled;
  }

  resolve(result: Record<string, unknown>): void {
    if (this.finish()) this.resolveFn(result);
  }

  reject(error: unknown): void {
    if (this.finish()) this.rejectFn(error);
  }

  /** A progress notification for this request arrived. */
  progress(progress: Progress): void {
    if (this.settled) return;
    if (this.init.resetTimeoutOnProgress) this.arm();
    // A throwing callback is the caller's bug; it must not break the peer's message loop.
    try {
      this.init.onProgress?.(progress);
    } catch {
      // ignored on purpose, see above
    }
  }

  private finish(): boolean {
    if (this.settled) return false;
    this.settled = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.cleanup?.();
    return true;
  }

  private arm(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    const { timeoutMs, maxTotalTimeoutMs } = this.init;
    let delay = timeoutMs;
    let total = false;
    if (maxTotalTimeoutMs !== undefined) {
      const left = this.startedAt + maxTotalTimeoutMs - Date.now();
      if (left <= delay) {
        delay = Math.max(0, left);
        total = true;
      }
    }
    this.timer = setTimeout(() => this.expire(total), delay);
  }

  private expire(total: boolean): void {
    if (this.settled) return;
    const { method, timeoutMs, maxTotalTimeoutMs } = this.init;
    const error = total
      ? new LocalError(
          LocalErrorCode.RequestTimeout,
          `${method} exceeded its maximum total time of ${maxTotalTimeoutMs} ms`,
          { data: { maxTotalTimeoutMs, elapsedMs: Date.now() - this.startedAt } },
        )
      : new LocalError(LocalErrorCode.RequestTimeout, `${method} timed out after ${timeoutMs} ms`, {
          data: { timeoutMs },
        });
    this.init.onTimeout(this, error);
    this.reject(error);
  }
}
