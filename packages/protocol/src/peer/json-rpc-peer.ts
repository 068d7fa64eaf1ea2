/**
 * The JSON-RPC peer shared by client and server: request/response correlation by id, timeouts,
 * progress, cancellation both ways, handler dispatch with params validated by the method map.
 */

import { isPending, type Validated } from "../compiled-validation.js";
import {
  type JSONRPCMessage,
  type JSONRPCNotification,
  type JSONRPCRequest,
  parseJSONRPCMessage,
  type RequestId,
} from "../envelope.js";
import { ErrorCode, LocalError, LocalErrorCode, ProtocolError, toWireError } from "../errors.js";
import type {
  NotificationMethod,
  NotificationParamsOf,
  ParamsOf,
  RequestMethod,
  ResultOf,
} from "../methods.js";
import type { MessageExtra, Transport } from "../transport.js";
import { checkNotificationParams, checkRequestParams, checkResult } from "./method-validation.js";
import { OutgoingRequest, type OutgoingRequestOwner } from "./outgoing-request.js";
import { RequestTable } from "./request-table.js";
import type { JsonRpcPeerOptions, RequestContext, RequestOptions } from "./types.js";

/** A handler for one incoming request method. */
export type RequestHandler = (
  params: Record<string, unknown>,
  ctx: RequestContext,
) => Promise<Record<string, unknown>> | Record<string, unknown>;

/** A handler for one incoming notification method. */
export type NotificationHandler = (
  params: Record<string, unknown>,
  extra: MessageExtra | undefined,
) => void | Promise<void>;

const DEFAULT_TIMEOUT_MS = 60_000;
/** Shared by every `request()` called without options (a default `{}` is an object per call). */
const NO_OPTIONS: RequestOptions = Object.freeze({});

function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Both ends of an MCP connection speak through one of these. `request()` correlates responses by
 * id (in any order), applies timeouts, forwards progress and turns an aborted signal into
 * `notifications/cancelled`; incoming requests go to the handler registered for their method with
 * params validated first, and answer -32601 when there is none.
 *
 * @example
 * ```ts
 * const [a, b] = createLinkedTransportPair();
 * const server = new JsonRpcPeer();
 * server.setRequestHandler("tools/list", async () => ({ tools: [] }));
 * const client = new JsonRpcPeer({ defaultTimeoutMs: 10_000 });
 * await server.connect(b);
 * await client.connect(a);
 * const { tools } = await client.request("tools/list", {});
 * ```
 */
export class JsonRpcPeer {
  /** Called once when the connection closes (either side). */
  onclose?: () => void;
  /** Called for problems that belong to no request: malformed frames, unknown ids, handler bugs. */
  onerror?: (error: Error) => void;

  private transport: Transport | undefined;
  private nextId = 0;
  private closed = false;
  private readonly defaultTimeoutMs: number;
  private readonly outgoing = new RequestTable<OutgoingRequest>();
  /** What every outgoing request calls back: one object per peer, not closures per request. */
  private readonly requestOwner: OutgoingRequestOwner;
  private readonly incoming = new Map<RequestId, AbortController>();
  private readonly requestHandlers = new Map<string, RequestHandler>();
  private readonly notificationHandlers = new Map<string, NotificationHandler>();
  /**
   * Set while a message waits for the zod schemas (its value was one the compiled validators could
   * not accept); later messages queue behind it so handlers and responses keep wire order.
   */
  private deferred: Promise<void> | undefined;

  constructor(options: JsonRpcPeerOptions = {}) {
    this.defaultTimeoutMs = options.defaultTimeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.requestOwner = {
      defaultTimeoutMs: this.defaultTimeoutMs,
      forgetRequest: (request) => {
        this.outgoing.delete(request.id);
      },
      cancelRequest: (request, reason) => this.sendCancel(request, reason),
    };
    // Either side may ping at any time (spec: basic/utilities/ping); a handler set later replaces it.
    this.requestHandlers.set("ping", async () => ({}));
  }

  /** The connected transport, if any. */
  get currentTransport(): Transport | undefined {
    return this.transport;
  }

  /**
   * Attaches the transport and starts it. Handlers the transport already had are kept and called
   * after the peer's own.
   */
  async connect(transport: Transport): Promise<void> {
    if (this.transport !== undefined) {
      throw new LocalError(LocalErrorCode.AlreadyStarted, "JsonRpcPeer is already connected");
    }
    this.transport = transport;
    this.closed = false;
    const previousClose = transport.onclose;
    const previousError = transport.onerror;
    const previousMessage = transport.onmessage;
    // After close() the peer may connect again; late events of an old transport are ignored.
    transport.onclose = () => {
      previousClose?.();
      if (this.transport === transport) this.handleClose();
    };
    transport.onerror = (error) => {
      previousError?.(error);
      if (this.transport === transport) this.reportError(error);
    };
    transport.onmessage = (message, extra) => {
      previousMessage?.(message, extra);
      if (this.transport === transport) this.handleMessage(message, extra);
    };
    await transport.start();
  }

  /**
   * Sends a request and resolves with its result, validated with the method map's result schema
   * when the method is a known MCP method.
   */
  request<M extends RequestMethod>(
    method: M,
    params?: ParamsOf<M>,
    options?: RequestOptions,
  ): Promise<ResultOf<M>>;
  request(
    method: string,
    params?: Record<string, unknown>,
    options?: RequestOptions,
  ): Promise<Record<string, unknown>>;
  request(
    method: string,
    params?: Record<string, unknown>,
    options: RequestOptions = NO_OPTIONS,
  ): Promise<Record<string, unknown>> {
    const transport = this.transport;
    if (transport === undefined || this.closed) {
      return Promise.reject(
        new LocalError(
          this.closed ? LocalErrorCode.ConnectionClosed : LocalErrorCode.NotConnected,
          `Cannot send ${method}: ${this.closed ? "the connection is closed" : "not connected"}`,
        ),
      );
    }
    const { signal } = options;
    if (signal?.aborted) {
      return Promise.reject(
        new LocalError(LocalErrorCode.RequestAborted, `${method} was aborted before it was sent`, {
          cause: signal.reason,
        }),
      );
    }
    const id = this.nextId++;
    let sentParams = params;
    if (options.onProgress !== undefined) {
      const meta = isObject(params?._meta) ? params._meta : {};
      sentParams = { ...params, _meta: { ...meta, progressToken: id } };
    }
    const message: JSONRPCRequest =
      sentParams === undefined
        ? { jsonrpc: "2.0", id, method }
        : { jsonrpc: "2.0", id, method, params: sentParams };
    const pending = new OutgoingRequest(this.requestOwner, message, options);
    this.outgoing.set(pending as OutgoingRequest & { readonly id: number });
    transport
      .send(
        message,
        options.relatedRequestId === undefined ? undefined : { relatedRequestId: options.relatedRequestId },
      )
      .catch((error: unknown) => pending.reject(this.sendFailure(method, error)));
    return pending.promise;
  }

  /** Sends a notification. */
  async notify(
    method: string,
    params?: Record<string, unknown>,
    options: { relatedRequestId?: RequestId } = {},
  ): Promise<void> {
    const transport = this.transport;
    if (transport === undefined || this.closed) {
      throw new LocalError(
        this.closed ? LocalErrorCode.ConnectionClosed : LocalErrorCode.NotConnected,
        `Cannot send ${method}: ${this.closed ? "the connection is closed" : "not connected"}`,
      );
    }
    const message: JSONRPCNotification =
      params === undefined ? { jsonrpc: "2.0", method } : { jsonrpc: "2.0", method, params };
    await transport.send(
      message,
      options.relatedRequestId === undefined ? undefined : { relatedRequestId: options.relatedRequestId },
    );
  }

  /**
   * Registers (or replaces) the handler of an incoming request method. Params of MCP methods are
   * validated before the handler runs (-32602 when invalid).
   */
  setRequestHandler<M extends RequestMethod>(
    method: M,
    handler: (params: NonNullable<ParamsOf<M>>, ctx: RequestContext) => Promise<ResultOf<M>> | ResultOf<M>,
  ): void;
  setRequestHandler(method: string, handler: RequestHandler): void;
  setRequestHandler(method: string, handler: RequestHandler): void {
    this.requestHandlers.set(method, handler);
  }

  /** Removes the handler of an incoming request method; the method then answers -32601. */
  removeRequestHandler(method: string): void {
    this.requestHandlers.delete(method);
  }

  /** True when a handler is registered for the method. */
  hasRequestHandler(method: string): boolean {
    return this.requestHandlers.has(method);
  }

  /** Registers (or replaces) the handler of an incoming notification method. */
  setNotificationHandler<M extends NotificationMethod>(
    method: M,
    handler: (
      params: NonNullable<NotificationParamsOf<M>>,
      extra: MessageExtra | undefined,
    ) => void | Promise<void>,
  ): void;
  setNotificationHandler(method: string, handler: NotificationHandler): void;
  setNotificationHandler(method: string, handler: NotificationHandler): void {
    this.notificationHandlers.set(method, handler);
  }

  /** Removes the handler of an incoming notification method. */
  removeNotificationHandler(method: string): void {
    this.notificationHandlers.delete(method);
  }

  /** Closes the transport; every in-flight request rejects with a connection-closed error. */
  async close(): Promise<void> {
    const transport = this.transport;
    if (transport === undefined) return;
    await transport.close();
    // A transport that does not call onclose from close() still leaves the peer closed.
    this.handleClose();
  }

  private sendFailure(method: string, error: unknown): Error {
    // The transport's own error says most (an HTTP status, a dead process); keep it as it is.
    if (error instanceof Error) return error;
    return new LocalError(LocalErrorCode.ConnectionClosed, `Failed to send ${method}: ${String(error)}`, {
      cause: error,
    });
  }

  private sendCancel(request: OutgoingRequest, reason: string): void {
    // The spec forbids cancelling initialize; a settled request needs no cancellation.
    if (request.isSettled || request.method === "initialize" || this.closed) return;
    this.notify("notifications/cancelled", { requestId: request.id, reason }).catch((error: unknown) =>
      this.reportError(asError(error)),
    );
  }

  private reportError(error: Error): void {
    this.onerror?.(error);
  }

  private handleClose(): void {
    if (this.closed) return;
    this.closed = true;
    const error = new LocalError(LocalErrorCode.ConnectionClosed, "Connection closed");
    const pending = this.outgoing.values();
    this.outgoing.clear();
    for (const request of pending) {
      request.reject(
        new LocalError(
          LocalErrorCode.ConnectionClosed,
          `Connection closed before ${request.method} got a response`,
          {
            cause: error,
          },
        ),
      );
    }
    const handlers = [...this.incoming.values()];
    this.incoming.clear();
    for (const controller of handlers) controller.abort(error);
    this.transport = undefined;
    this.onclose?.();
  }

  private handleMessage(raw: JSONRPCMessage, extra: MessageExtra | undefined): void {
    if (this.deferred === undefined) {
      const waiting = this.dispatch(raw, extra);
      if (waiting !== undefined) this.defer(waiting);
      return;
    }
    const transport = this.transport;
    this.defer(
      this.deferred.then(() => {
        // A message of a transport closed meanwhile is dropped, as it would have been on arrival.
        if (this.transport === transport) return this.dispatch(raw, extra);
      }),
    );
  }

  private defer(work: Promise<void>): void {
    const tail = work.catch((error: unknown) => this.reportError(asError(error)));
    this.deferred = tail;
    void tail.then(() => {
      if (this.deferred === tail) this.deferred = undefined;
    });
  }

  /** Handles one message; a promise when it had to wait for the zod schemas. */
  private dispatch(raw: JSONRPCMessage, extra: MessageExtra | undefined): Promise<void> | undefined {
    let message: JSONRPCMessage;
    try {
      message = parseJSONRPCMessage(raw);
    } catch (error) {
      this.handleMalformed(raw, error);
      return undefined;
    }
    if ("method" in message) {
      if ("id" in message) return this.handleRequest(message as JSONRPCRequest, extra);
      return this.handleNotification(message, extra);
    }
    return this.handleResponse(message);
  }

  private handleMalformed(raw: unknown, cause: unknown): void {
    const detail = asError(cause).message;
    const record = isObject(raw) ? raw : undefined;
    const id = record?.id;
    const validId = typeof id === "string" || (typeof id === "number" && Number.isInteger(id));
    // A broken response to one of our requests fails that request only, with the reason.
    if (record !== undefined && !("method" in record) && validId && this.outgoing.has(id)) {
      this.outgoing
        .get(id)
        ?.reject(new LocalError(LocalErrorCode.InvalidMessage, `Malformed response: ${detail}`, { cause }));
      return;
    }
    // A broken request with a readable id gets -32600 so the other side does not wait forever.
    if (record !== undefined && typeof record.method === "string" && validId && this.transport) {
      this.transport
        .send({ jsonrpc: "2.0", id, error: { code: ErrorCode.InvalidRequest, message: detail } })
        .catch((error: unknown) => this.reportError(asError(error)));
    }
    this.reportError(
      new LocalError(LocalErrorCode.InvalidMessage, `Malformed message: ${detail}`, { cause }),
    );
  }

  private handleResponse(
    message: Exclude<JSONRPCMessage, JSONRPCRequest | JSONRPCNotification>,
  ): Promise<void> | undefined {
    const id = message.id;
    const pending = id === undefined ? undefined : this.outgoing.get(id);
    if (pending === undefined) {
      if ("error" in message && id === undefined) {
        this.reportError(
          new LocalError(
            LocalErrorCode.InvalidMessage,
            `Error response without an id: ${message.error.code} ${message.error.message}`,
            { data: message.error },
          ),
        );
        return;
      }
      this.reportError(
        new LocalError(
          LocalErrorCode.InvalidMessage,
          `Received a response for an unknown request id ${JSON.stringify(id)}`,
          {
            data: { id },
          },
        ),
      );
      return;
    }
    if ("error" in message) {
      pending.reject(ProtocolError.fromWire(message.error));
      return undefined;
    }
    let result: Validated<Record<string, unknown>>;
    try {
      result = checkResult(pending.method, message.result, pending.params);
    } catch (error) {
      pending.reject(error);
      return undefined;
    }
    if (isPending(result)) {
      return result.then(
        (checked) => pending.resolve(checked),
        (error: unknown) => pending.reject(error),
      );
    }
    pending.resolve(result);
    return undefined;
  }

  private handleNotification(
    message: JSONRPCNotification,
    extra: MessageExtra | undefined,
  ): Promise<void> | undefined {
    const params = message.params ?? {};
    if (message.method === "notifications/cancelled") {
      const requestId = params.requestId;
      if (typeof requestId === "string" || typeof requestId === "number") {
        const controller = this.incoming.get(requestId);
        this.incoming.delete(requestId);
        controller?.abort(
          new LocalError(
            LocalErrorCode.RequestAborted,
            String(params.reason ?? "cancelled by the other side"),
          ),
        );
      }
    } else if (message.method === "notifications/progress") {
      this.handleProgress(params);
    }
    const handler = this.notificationHandlers.get(message.method);
    if (handler === undefined) return undefined;
    let validated: Validated<Record<string, unknown>>;
    try {
      validated = checkNotificationParams(message.method, params);
    } catch (error) {
      this.reportError(asError(error));
      return undefined;
    }
    if (isPending(validated)) {
      return validated.then(
        (checked) => {
          if (!this.closed) this.runNotificationHandler(handler, checked, extra);
        },
        (error: unknown) => this.reportError(asError(error)),
      );
    }
    this.runNotificationHandler(handler, validated, extra);
    return undefined;
  }

  private runNotificationHandler(
    handler: NotificationHandler,
    params: Record<string, unknown>,
    extra: MessageExtra | undefined,
  ): void {
    try {
      Promise.resolve(handler(params, extra)).catch((error: unknown) => this.reportError(asError(error)));
    } catch (error) {
      this.reportError(asError(error));
    }
  }

  private handleProgress(params: Record<string, unknown>): void {
    const token = params.progressToken;
    const progress = params.progress;
    if ((typeof token !== "string" && typeof token !== "number") || typeof progress !== "number") {
      this.reportError(
        new LocalError(LocalErrorCode.InvalidMessage, "Malformed notifications/progress", { data: params }),
      );
      return;
    }
    const pending = this.outgoing.get(token);
    if (pending === undefined) {
      if (!this.notificationHandlers.has("notifications/progress")) {
        this.reportError(
          new LocalError(
            LocalErrorCode.InvalidMessage,
            `Progress for an unknown token ${JSON.stringify(token)}`,
            {
              data: params,
            },
          ),
        );
      }
      return;
    }
    pending.progress({
      progress,
      ...(typeof params.total === "number" ? { total: params.total } : {}),
      ...(typeof params.message === "string" ? { message: params.message } : {}),
    });
  }

  private handleRequest(message: JSONRPCRequest, extra: MessageExtra | undefined): Promise<void> | undefined {
    const { id, method } = message;
    const handler = this.requestHandlers.get(method);
    if (handler === undefined) {
      this.respondError(id, { code: ErrorCode.MethodNotFound, message: `Method not found: ${method}` });
      return undefined;
    }
    const controller = new AbortController();
    if (this.incoming.has(id)) {
      this.reportError(
        new LocalError(LocalErrorCode.InvalidMessage, `Duplicate request id ${JSON.stringify(id)}`),
      );
    }
    this.incoming.set(id, controller);
    const params = message.params ?? {};
    const meta = isObject(params._meta) ? params._meta : undefined;
    const progressToken = meta?.progressToken;
    const ctx: RequestContext = {
      requestId: id,
      signal: controller.signal,
      ...(meta === undefined ? {} : { meta }),
      ...(extra === undefined ? {} : { extra }),
      sendNotification: (notificationMethod, notificationParams) =>
        this.notify(notificationMethod, notificationParams, { relatedRequestId: id }),
      sendRequest: (requestMethod, requestParams, options) =>
        this.request(requestMethod, requestParams, { ...options, relatedRequestId: id }),
      reportProgress: async (progress, total, progressMessage) => {
        if (typeof progressToken !== "string" && typeof progressToken !== "number") return;
        await this.notify(
          "notifications/progress",
          {
            progressToken,
            progress,
            ...(total === undefined ? {} : { total }),
            ...(progressMessage === undefined ? {} : { message: progressMessage }),
          },
          { relatedRequestId: id },
        );
      },
    };
    let validated: Validated<Record<string, unknown>>;
    try {
      validated = checkRequestParams(method, params);
    } catch (error) {
      validated = Promise.reject(error);
    }
    if (isPending(validated)) {
      // Waits for the zod schemas; the handler (or the -32602) follows in wire order.
      return validated.then(
        (checked) => {
          // Closed or cancelled while waiting: the handler would answer no one.
          if (!controller.signal.aborted)
            this.runRequestHandler({ id, handler, params: checked, ctx, controller });
        },
        (error: unknown) => this.finishRequest(id, controller, { error }),
      );
    }
    this.runRequestHandler({ id, handler, params: validated, ctx, controller });
    return undefined;
  }

  private runRequestHandler(run: {
    id: RequestId;
    handler: RequestHandler;
    params: Record<string, unknown>;
    ctx: RequestContext;
    controller: AbortController;
  }): void {
    const { id, handler, params, ctx, controller } = run;
    const call = async (): Promise<Record<string, unknown>> => handler(params, ctx);
    call().then(
      (result) => this.finishRequest(id, controller, { result }),
      (error: unknown) => this.finishRequest(id, controller, { error }),
    );
  }

  private finishRequest(
    id: RequestId,
    controller: AbortController,
    outcome: { result: Record<string, unknown> } | { error: unknown },
  ): void {
    if (controller.signal.aborted || this.incoming.get(id) !== controller) return;
    this.incoming.delete(id);
    if ("result" in outcome) this.respond(id, { jsonrpc: "2.0", id, result: outcome.result });
    else this.respondError(id, toWireError(outcome.error));
  }

  private respondError(id: RequestId, error: { code: number; message: string; data?: unknown }): void {
    this.respond(id, { jsonrpc: "2.0", id, error });
  }

  private respond(id: RequestId, message: JSONRPCMessage): void {
    if (this.closed || this.transport === undefined) return;
    this.transport
      .send(message, { relatedRequestId: id })
      .catch((error: unknown) => this.reportError(asError(error)));
  }
}
