import type {
  CreateMessageRequestParams,
  CreateMessageResult,
  ElicitResult,
  ListRootsResult,
  LoggingLevel,
  RequestContext as PeerRequestContext,
  RequestId,
  RequestOptions,
} from "@mcp/protocol";
import type { ClientRequestOptions, ElicitParams, HandlerContext } from "./context.js";
import { createLogger, type Logger } from "./logging.js";
import type { ServerSession } from "./server-session.js";
import { RELATED_TASK_META_KEY } from "./tasks/task-manager.js";

/**
 * The context handed to handlers. A class rather than an object literal of closures: a
 * `tools/call` creates one per request, and prototype methods keep that to one small object.
 */
export class RequestHandlerContext implements HandlerContext {
  readonly signal: AbortSignal;
  readonly requestId: RequestId;
  readonly session: ServerSession;
  readonly sessionId?: string;
  readonly meta?: Record<string, unknown>;
  readonly authInfo?: unknown;
  readonly requestInfo?: { headers: Record<string, string> };
  readonly task?: { taskId: string };
  #log: Logger | undefined;

  constructor(
    session: ServerSession,
    private readonly peerContext: PeerRequestContext,
    options: { signal?: AbortSignal; task?: { taskId: string } } = {},
  ) {
    this.session = session;
    this.signal = options.signal ?? peerContext.signal;
    this.requestId = peerContext.requestId;
    const extra = peerContext.extra;
    const sessionId = extra?.sessionId ?? session.transportSessionId;
    if (sessionId !== undefined) this.sessionId = sessionId;
    if (peerContext.meta !== undefined) this.meta = peerContext.meta;
    if (extra?.authInfo !== undefined) this.authInfo = extra.authInfo;
    if (extra?.requestInfo !== undefined) this.requestInfo = extra.requestInfo;
    if (options.task !== undefined) this.task = options.task;
  }

  get log(): Logger {
    this.#log ??= createLogger((level: LoggingLevel, data: unknown, logger?: string) =>
      this.session.log(level, data, logger, this.#related()),
    );
    return this.#log;
  }

  reportProgress(progress: number, total?: number, message?: string): Promise<void> {
    if (this.task === undefined) return this.peerContext.reportProgress(progress, total, message);
    // A task outlives its tools/call response, so its progress is not tied to that request.
    const token = this.meta?.progressToken;
    if (typeof token !== "string" && typeof token !== "number") return Promise.resolve();
    return this.session.notify("notifications/progress", {
      progressToken: token,
      progress,
      ...(total === undefined ? {} : { total }),
      ...(message === undefined ? {} : { message }),
    });
  }

  sendNotification(method: string, params?: Record<string, unknown>): Promise<void> {
    if (this.task !== undefined) return this.session.notify(method, params);
    return this.peerContext.sendNotification(method, params);
  }

  createMessage(
    params: CreateMessageRequestParams,
    options?: ClientRequestOptions,
  ): Promise<CreateMessageResult> {
    return this.#input(() => this.session.createMessage(this.#taskMeta(params), this.#options(options)));
  }

  elicit(params: ElicitParams, options?: ClientRequestOptions): Promise<ElicitResult> {
    return this.#input(() => this.session.elicit(this.#taskMeta(params), this.#options(options)));
  }

  listRoots(options?: ClientRequestOptions): Promise<ListRootsResult> {
    return this.session.listRoots(this.#options(options));
  }

  // A task waiting on its client shows `input_required`; its requests name the task in `_meta`.
  #input<T>(wait: () => Promise<T>): Promise<T> {
    return this.task === undefined ? wait() : this.session.tasks.awaitInput(this.task.taskId, wait);
  }

  #taskMeta<P extends object>(params: P): P {
    if (this.task === undefined) return params;
    const meta = (params as { _meta?: Record<string, unknown> })._meta;
    return { ...params, _meta: { ...meta, [RELATED_TASK_META_KEY]: { taskId: this.task.taskId } } };
  }

  // Cancelling the handler cancels what it asked of the client, unless it passed its own signal.
  #options(options: ClientRequestOptions | undefined): RequestOptions {
    return { signal: this.signal, ...options, ...this.#related() };
  }

  #related(): { relatedRequestId?: RequestId } {
    return this.task === undefined ? { relatedRequestId: this.requestId } : {};
  }
}
