/**
 * The Streamable HTTP client transport (spec 2025-11-25: basic/transports): every message is a
 * POST answered by JSON, an SSE stream or 202; the session id and protocol version travel as
 * headers; a GET stream carries what the server sends on its own; broken streams are resumed with
 * `Last-Event-ID` after the server's `retry`; close sends DELETE; a 404 for our session starts a
 * new session by replaying `initialize`.
 */
import {
  isJSONRPCRequest,
  type JSONRPCMessage,
  type JSONRPCRequest,
  LocalError,
  LocalErrorCode,
  type RequestId,
  type Transport,
  type TransportSendOptions,
} from "@mcp/protocol/core";
import { HttpError, readErrorBody } from "./http-error.js";
import { readSseStream } from "./sse-reader.js";

/** How broken SSE streams are re-opened when the server gave no `retry`. */
export interface ReconnectionOptions {
  /** First delay, in ms (default 1 000). */
  initialDelayMs: number;
  /** Largest delay, in ms (default 30 000). */
  maxDelayMs: number;
  /** Factor between consecutive delays (default 1.5). */
  growFactor: number;
  /** Consecutive failed attempts before giving up (default 2). */
  maxRetries: number;
}

/** Options of {@link StreamableHttpClientTransport}. */
export interface StreamableHttpClientTransportOptions {
  /** Extra headers on every request (e.g. `authorization`). */
  headers?: Record<string, string>;
  /** The `fetch` to use (default: the global one). */
  fetch?: typeof fetch;
  /** Join an existing session instead of starting one. */
  sessionId?: string;
  /** Reconnection of SSE streams when the server gave no `retry`. */
  reconnection?: Partial<ReconnectionOptions>;
  /** Open the GET stream after initialization (default true). */
  openGetStream?: boolean;
  /** Start a new session when the server answers 404 for ours (default true). */
  reinitializeOnSessionExpired?: boolean;
  /** Called after a new session replaced an expired one (subscriptions must be renewed). */
  onSessionReinitialized?: (sessionId: string | undefined) => void;
}

interface StreamContext {
  /** The request whose response this stream carries; undefined for the standalone GET stream. */
  requestId: RequestId | undefined;
  lastEventId: string | undefined;
  onResumptionToken: ((token: string) => void) | undefined;
  attempt: number;
  /** The session the stream belongs to: a stream of an expired session is not resumed. */
  session: string | undefined;
}

const DEFAULT_RECONNECTION: ReconnectionOptions = {
  initialDelayMs: 1_000,
  maxDelayMs: 30_000,
  growFactor: 1.5,
  maxRetries: 2,
};

function isResponse(message: JSONRPCMessage): boolean {
  return !("method" in message);
}

/**
 * A client transport for servers that speak Streamable HTTP.
 *
 * @example
 * ```ts
 * const transport = new StreamableHttpClientTransport(new URL("http://127.0.0.1:3000/mcp"));
 * await client.connect(transport);
 * ```
 */
export class StreamableHttpClientTransport implements Transport {
  onmessage?: (message: JSONRPCMessage) => void;
  onerror?: (error: Error) => void;
  onclose?: () => void;

  readonly url: URL;
  private session: string | undefined;
  private protocolVersion: string | undefined;
  private readonly controller = new AbortController();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly options: StreamableHttpClientTransportOptions;
  private readonly reconnection: ReconnectionOptions;
  private readonly fetchFn: typeof fetch;
  private initializeRequest: JSONRPCRequest | undefined;
  private reinitializing: Promise<void> | undefined;
  private reinitializations = 0;
  private started = false;
  private closed = false;

  constructor(url: URL | string, options: StreamableHttpClientTransportOptions = {}) {
    this.url = new URL(url);
    this.options = options;
    this.session = options.sessionId;
    this.reconnection = { ...DEFAULT_RECONNECTION, ...options.reconnection };
    this.fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
  }

  /** The session id the server assigned (`Mcp-Session-Id`), if any. */
  get sessionId(): string | undefined {
    return this.session;
  }

  /** Sent as `MCP-Protocol-Version` on every later request. */
  setProtocolVersion(version: string): void {
    this.protocolVersion = version;
  }

  async start(): Promise<void> {
    if (this.started) throw new LocalError(LocalErrorCode.AlreadyStarted, "Transport already started");
    this.started = true;
  }

  async send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    if (this.closed) throw new LocalError(LocalErrorCode.ConnectionClosed, "Transport is closed");
    if (options?.resumptionToken !== undefined) {
      void this.openGet({
        requestId: isJSONRPCRequest(message) ? message.id : undefined,
        lastEventId: options.resumptionToken,
        onResumptionToken: options.onResumptionToken,
        attempt: 0,
        session: this.session,
      });
      return;
    }
    const initialize = "method" in message && message.method === "initialize" && "id" in message;
    if (initialize) this.initializeRequest = message as JSONRPCRequest;
    let response = await this.post(message);
    if (
      response.status === 404 &&
      this.session !== undefined &&
      !initialize &&
      this.options.reinitializeOnSessionExpired !== false &&
      this.initializeRequest !== undefined
    ) {
      await response.body?.cancel().catch(() => {});
      await this.reinitialize(this.session);
      response = await this.post(message);
    }
    await this.handlePostResponse(message, response, options?.onResumptionToken);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.controller.abort();
    if (this.session !== undefined) {
      // Tell the server the session is over; a server that does not allow it answers 405.
      try {
        const response = await this.fetchFn(this.url, {
          method: "DELETE",
          headers: this.headers({}),
          signal: AbortSignal.timeout(5_000),
        });
        await response.body?.cancel().catch(() => {});
      } catch {
        // The session ends on the server's own schedule then.
      }
    }
    this.onclose?.();
  }

  private headers(extra: Record<string, string>): Record<string, string> {
    const headers: Record<string, string> = { ...this.options.headers, ...extra };
    if (this.session !== undefined) headers["mcp-session-id"] = this.session;
    if (this.protocolVersion !== undefined) headers["mcp-protocol-version"] = this.protocolVersion;
    return headers;
  }

  private async post(message: JSONRPCMessage): Promise<Response> {
    try {
      return await this.fetchFn(this.url, {
        method: "POST",
        headers: this.headers({
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
        }),
        body: JSON.stringify(message),
        signal: this.controller.signal,
      });
    } catch (cause) {
      if (this.closed) throw new LocalError(LocalErrorCode.ConnectionClosed, "Transport is closed");
      throw new HttpError(0, `POST ${this.url.href} failed: ${(cause as Error).message}`, { cause });
    }
  }

  private async handlePostResponse(
    message: JSONRPCMessage,
    response: Response,
    onResumptionToken: ((token: string) => void) | undefined,
  ): Promise<void> {
    const session = response.headers.get("mcp-session-id");
    if (session !== null) this.session = session;
    if (!response.ok) {
      const body = await readErrorBody(response);
      if (isJSONRPCRequest(message) && this.deliverErrorBody(message.id, body)) return;
      throw new HttpError(
        response.status,
        `POST ${this.url.href} answered ${response.status}${body ? `: ${body}` : ""}`,
        { body },
      );
    }
    if (!isJSONRPCRequest(message)) {
      // Notifications and responses get 202 and no body; anything else is ignored.
      await response.body?.cancel().catch(() => {});
      if ("method" in message && message.method === "notifications/initialized") this.startGetStream();
      return;
    }
    if (response.status === 202 || response.body === null) return;
    const type = response.headers.get("content-type") ?? "";
    if (type.includes("text/event-stream")) {
      void this.consumeSse(response.body, {
        requestId: message.id,
        lastEventId: undefined,
        onResumptionToken,
        attempt: 0,
        session: this.session,
      });
      return;
    }
    if (type.includes("application/json")) {
      const text = await response.text();
      for (const item of this.parseJson(text)) this.onmessage?.(item);
      return;
    }
    await response.body.cancel().catch(() => {});
    throw new HttpError(
      response.status,
      `POST ${this.url.href} answered with unexpected content type "${type}"`,
    );
  }

  /** A JSON-RPC error for the request in an error body: deliver it so the server's error shows. */
  private deliverErrorBody(id: RequestId, body: string): boolean {
    try {
      const parsed = JSON.parse(body) as { error?: unknown; id?: unknown; jsonrpc?: unknown };
      if (parsed.jsonrpc !== "2.0" || typeof parsed.error !== "object" || parsed.id !== id) return false;
      this.onmessage?.(parsed as JSONRPCMessage);
      return true;
    } catch {
      return false;
    }
  }

  private parseJson(text: string): JSONRPCMessage[] {
    try {
      const value = JSON.parse(text) as unknown;
      // 2025-03-26 servers may answer a batch; later versions never do.
      return (Array.isArray(value) ? value : [value]) as JSONRPCMessage[];
    } catch (cause) {
      this.onerror?.(
        new LocalError(LocalErrorCode.InvalidMessage, "The server sent invalid JSON", { cause }),
      );
      return [];
    }
  }

  private startGetStream(): void {
    if (this.options.openGetStream === false) return;
    void this.openGet({
      requestId: undefined,
      lastEventId: undefined,
      onResumptionToken: undefined,
      attempt: 0,
      session: this.session,
    });
  }

  private async openGet(ctx: StreamContext): Promise<void> {
    if (this.closed || ctx.session !== this.session) return;
    let response: Response;
    try {
      response = await this.fetchFn(this.url, {
        method: "GET",
        headers: this.headers({
          accept: "text/event-stream",
          ...(ctx.lastEventId === undefined ? {} : { "last-event-id": ctx.lastEventId }),
        }),
        signal: this.controller.signal,
      });
    } catch (cause) {
      if (this.closed) return;
      this.retry(
        ctx,
        undefined,
        new HttpError(0, `GET ${this.url.href} failed: ${(cause as Error).message}`, { cause }),
      );
      return;
    }
    if (!response.ok || response.body === null) {
      const body = await readErrorBody(response);
      const standalone = ctx.requestId === undefined && ctx.lastEventId === undefined;
      // 405: the server offers no GET stream. Other 4xx on the first GET mean the same in practice.
      if (response.status === 405 || (standalone && response.status < 500)) return;
      const error = new HttpError(response.status, `GET ${this.url.href} answered ${response.status}`, {
        body,
      });
      if (response.status >= 500) this.retry(ctx, undefined, error);
      else this.onerror?.(error);
      return;
    }
    const type = response.headers.get("content-type") ?? "";
    if (!type.includes("text/event-stream")) {
      await response.body.cancel().catch(() => {});
      this.onerror?.(
        new HttpError(response.status, `GET ${this.url.href} answered "${type}", not an event stream`),
      );
      return;
    }
    await this.consumeSse(response.body, ctx);
  }

  private async consumeSse(body: ReadableStream<Uint8Array>, ctx: StreamContext): Promise<void> {
    let answered = false;
    let events = 0;
    const end = await readSseStream(
      body,
      (event) => {
        events++;
        if (event.id !== undefined) ctx.onResumptionToken?.(event.id);
        // Priming events (an id, maybe a retry, no data) only set up resumption.
        if (event.data === "") return;
        if (event.event !== undefined && event.event !== "message") return;
        for (const message of this.parseJson(event.data)) {
          if (
            ctx.requestId !== undefined &&
            isResponse(message) &&
            "id" in message &&
            message.id === ctx.requestId
          ) {
            answered = true;
          }
          this.onmessage?.(message);
        }
      },
      ctx.lastEventId,
    );
    if (this.closed || answered) return;
    const next: StreamContext = {
      ...ctx,
      lastEventId: end.lastEventId,
      attempt: events > 0 ? 0 : ctx.attempt + 1,
    };
    if (ctx.requestId !== undefined && end.lastEventId === undefined) {
      this.onerror?.(
        new HttpError(
          0,
          `The event stream of request ${ctx.requestId} ended before its response and cannot be resumed`,
          {
            cause: end.error,
          },
        ),
      );
      return;
    }
    this.retry(next, end.retryMs, end.error instanceof Error ? end.error : undefined);
  }

  private retry(ctx: StreamContext, retryMs: number | undefined, error: Error | undefined): void {
    if (this.closed) return;
    if (ctx.attempt > this.reconnection.maxRetries) {
      this.onerror?.(
        new HttpError(
          0,
          `Gave up re-opening the event stream after ${this.reconnection.maxRetries} attempts`,
          {
            cause: error,
          },
        ),
      );
      return;
    }
    const { initialDelayMs, growFactor, maxDelayMs } = this.reconnection;
    // The server's retry wins (spec: SSE polling, SEP-1699); otherwise exponential backoff.
    const delay =
      retryMs ?? Math.min(initialDelayMs * growFactor ** Math.max(0, ctx.attempt - 1), maxDelayMs);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.openGet(ctx);
    }, delay);
    this.timers.add(timer);
  }

  private reinitialize(expired: string): Promise<void> {
    this.reinitializing ??= this.startNewSession(expired).finally(() => {
      this.reinitializing = undefined;
    });
    return this.reinitializing;
  }

  private async startNewSession(expired: string): Promise<void> {
    // Another request may have replaced the session already.
    if (this.session !== expired) return;
    const init = this.initializeRequest!;
    this.session = undefined;
    const id = `reinitialize-${++this.reinitializations}`;
    const response = await this.post({ ...init, id });
    const session = response.headers.get("mcp-session-id");
    if (session !== null) this.session = session;
    const type = response.headers.get("content-type") ?? "";
    if (!response.ok || response.body === null) {
      const body = await readErrorBody(response);
      throw new HttpError(
        response.status,
        `The session expired and a new initialize failed (${response.status})`,
        {
          body,
        },
      );
    }
    // The answer is ours, not the peer's: it never sent this request.
    let result: JSONRPCMessage | undefined;
    const take = (message: JSONRPCMessage) => {
      if (isResponse(message) && "id" in message && message.id === id) result = message;
      else this.onmessage?.(message);
    };
    if (type.includes("text/event-stream")) {
      await readSseStream(response.body, (event) => {
        if (event.data !== "") for (const message of this.parseJson(event.data)) take(message);
      });
    } else {
      for (const message of this.parseJson(await response.text())) take(message);
    }
    if (result === undefined || "error" in result) {
      throw new HttpError(response.status, "The session expired and the server refused a new initialize");
    }
    const initialized = await this.post({ jsonrpc: "2.0", method: "notifications/initialized" });
    await initialized.body?.cancel().catch(() => {});
    this.options.onSessionReinitialized?.(this.session);
    this.startGetStream();
  }
}
