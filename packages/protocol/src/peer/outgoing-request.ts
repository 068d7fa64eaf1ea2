/**
 * One request this side sent and awaits: its promise, its timer, its abort listener and its
 * progress callback. The timer is a single `setTimeout` whose delay is the smaller of the idle
 * timeout and what is left of the maximum total time, so both limits need one timer and a progress
 * reset re-arms it.
 *
 * Every request of a busy client goes through here, so it allocates little: the settings are
 * fields (no init object), the peer is called through {@link OutgoingRequestOwner} (no per-request
 * `onTimeout`/`cleanup` closures), and the abort listener and start time exist only when a signal
 * or a maximum total time was given.
 */

import type { JSONRPCRequest, RequestId } from "../envelope.js";
import { LocalError, LocalErrorCode } from "../errors.js";
import type { Progress, RequestOptions } from "./types.js";

/** What an outgoing request needs from the peer that sent it. */
export interface OutgoingRequestOwner {
  /** Timeout of a request whose options give none. */
  readonly defaultTimeoutMs: number;
  /** Called once when the request settles, whatever the outcome: the peer forgets it. */
  forgetRequest(request: OutgoingRequest): void;
  /** Called on timeout or abort, before the request rejects: sends `notifications/cancelled`. */
  cancelRequest(request: OutgoingRequest, reason: string): void;
}

export class OutgoingRequest {
  readonly id: RequestId;
  readonly method: string;
  /** The params as sent (result validation of task-augmented requests depends on them). */
  readonly params: Record<string, unknown> | undefined;
  readonly promise: Promise<Record<string, unknown>>;
  private resolveFn!: (value: Record<string, unknown>) => void;
  private rejectFn!: (error: unknown) => void;
  private readonly owner: OutgoingRequestOwner;
  private readonly timeoutMs: number;
  private readonly resetTimeoutOnProgress: boolean;
  private readonly maxTotalTimeoutMs: number | undefined;
  private readonly onProgress: ((progress: Progress) => void) | undefined;
  private readonly signal: AbortSignal | undefined;
  private readonly onAbort: (() => void) | undefined;
  /** Only read when `maxTotalTimeoutMs` is set. */
  private readonly startedAt: number;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Whether the armed timer is the maximum total time (rather than the idle timeout). */
  private timerIsTotal = false;
  private settled = false;

  /** `message` is the request as sent; the signal, if any, must not be aborted yet. */
  constructor(owner: OutgoingRequestOwner, message: JSONRPCRequest, options: RequestOptions) {
    this.owner = owner;
    this.id = message.id;
    this.method = message.method;
    this.params = message.params;
    this.timeoutMs = options.timeoutMs ?? owner.defaultTimeoutMs;
    this.resetTimeoutOnProgress = options.resetTimeoutOnProgress ?? false;
    this.maxTotalTimeoutMs = options.maxTotalTimeoutMs;
    this.onProgress = options.onProgress;
    this.startedAt = this.maxTotalTimeoutMs === undefined ? 0 : Date.now();
    this.promise = new Promise((resolve, reject) => {
      this.resolveFn = resolve;
      this.rejectFn = reject;
    });
    const signal = options.signal;
    this.signal = signal;
    if (signal !== undefined) {
      this.onAbort = () => {
        this.owner.cancelRequest(this, signal.reason === undefined ? "aborted" : String(signal.reason));
        this.reject(
          new LocalError(LocalErrorCode.RequestAborted, `${this.method} was aborted`, {
            cause: signal.reason,
          }),
        );
      };
      signal.addEventListener("abort", this.onAbort, { once: true });
    }
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
    if (this.resetTimeoutOnProgress) this.arm();
    // A throwing callback is the caller's bug; it must not break the peer's message loop.
    try {
      this.onProgress?.(progress);
    } catch {
      // ignored on purpose, see above
    }
  }

  private finish(): boolean {
    if (this.settled) return false;
    this.settled = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.onAbort !== undefined) this.signal?.removeEventListener("abort", this.onAbort);
    this.owner.forgetRequest(this);
    return true;
  }

  private arm(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    let delay = this.timeoutMs;
    let total = false;
    if (this.maxTotalTimeoutMs !== undefined) {
      const left = this.startedAt + this.maxTotalTimeoutMs - Date.now();
      if (left <= delay) {
        delay = Math.max(0, left);
        total = true;
      }
    }
    this.timerIsTotal = total;
    this.timer = setTimeout(expire, delay, this);
  }

  /** The armed timer fired (see {@link expire}). */
  timedOut(): void {
    if (this.settled) return;
    const { method, timeoutMs, maxTotalTimeoutMs } = this;
    const error = this.timerIsTotal
      ? new LocalError(
          LocalErrorCode.RequestTimeout,
          `${method} exceeded its maximum total time of ${maxTotalTimeoutMs} ms`,
          { data: { maxTotalTimeoutMs, elapsedMs: Date.now() - this.startedAt } },
        )
      : new LocalError(LocalErrorCode.RequestTimeout, `${method} timed out after ${timeoutMs} ms`, {
          data: { timeoutMs },
        });
    this.owner.cancelRequest(this, error.message);
    this.reject(error);
  }
}

/** One module-level timer callback for every request, rather than a closure per request. */
function expire(request: OutgoingRequest): void {
  request.timedOut();
}
