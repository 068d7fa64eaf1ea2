/**
 * The server side of one Streamable HTTP session (spec 2025-11-25, basic/transports): it owns the
 * session's streams (one per POSTed request, plus the standalone GET stream), routes every message
 * the server sends to the right one, keeps events for resumption, and answers each POST with JSON
 * or SSE. HTTP checks (headers, sessions, body) happen before, in the handler; this class sees only
 * parsed JSON-RPC messages.
 */
import {
  isJSONRPCErrorResponse,
  isJSONRPCRequest,
  isJSONRPCResultResponse,
  type JSONRPCMessage,
  type MessageExtra,
  type RequestId,
  type Transport,
  type TransportSendOptions,
} from "@mcp/protocol";
import type { EventStore } from "./event-store.js";
import { httpError } from "./http-errors.js";
import { SSE_HEADERS, SseWriter } from "./sse.js";

/** How a POSTed request is answered. */
export type ResponseMode = "auto" | "sse" | "json";

/** Options of {@link StreamableHttpServerTransport}. */
export interface StreamableHttpTransportOptions {
  /** The session id (`Mcp-Session-Id`); `undefined` for a stateless, single-request transport. */
  sessionId?: string;
  /** Where events are kept for `Last-Event-ID` resumption; without one, streams cannot resume. */
  eventStore?: EventStore;
  /** The SSE `retry` value (ms) sent with each stream's priming event. Default 1000. */
  retryMs?: number;
  /** Interval of SSE keep-alive comments (ms); 0 turns them off. Default 15 000. */
  keepAliveMs?: number;
  /**
   * `"auto"` (default): answer with plain JSON unless the request needs a stream (the handler sends
   * a related notification or request, closes the stream for polling, or runs longer than
   * `streamAfterMs`). `"sse"`: always a stream. `"json"`: JSON whenever the client accepts it.
   */
  responseMode?: ResponseMode;
  /** In `"auto"` mode, switch a still-running request to SSE after this many ms. Default 1000. */
  streamAfterMs?: number;
  /** Close the transport once its one request is answered (stateless mode). */
  closeWhenDone?: boolean;
  /** Called once after the transport closed (after `onclose`), e.g. to forget the session. */
  onClosed?: () => void;
}

/** What the HTTP layer knows about one POST. */
export interface PostContext {
  accept: { json: boolean; sse: boolean };
  headers: Record<string, string>;
  /** The `MCP-Protocol-Version` header, or the version assumed without it. */
  protocolVersion: string;
  authInfo?: unknown;
}

/** The extra information a handler receives with messages of this transport. */
export interface HttpMessageExtra extends MessageExtra {
  /** Ends the HTTP response of this request's SSE stream now; the client resumes with Last-Event-ID. */
  closeSSEStream?: () => void;
  /** Ends the standalone GET stream now; the client reconnects. */
  closeStandaloneSSEStream?: () => void;
}

const STANDALONE = "standalone";
/** The first version whose clients understand priming events (empty `data`), SEP-1699. */
const PRIMING_SINCE = "2025-11-25";

interface StreamTarget {
  streamId: string;
  writer: SseWriter | undefined;
  /** Serialises writes so events leave in the order they were sent. */
  queue: Promise<void>;
}

interface RequestStream extends StreamTarget {
  requestId: RequestId;
  mode: "pending" | "json" | "sse";
  accept: { json: boolean; sse: boolean };
  priming: boolean;
  resolve: (response: Response) => void;
  timer: ReturnType<typeof setTimeout> | undefined;
  done: boolean;
}

interface ResumeBuffer {
  events: { streamId: string; eventId: string; message: JSONRPCMessage }[];
}

/**
 * One Streamable HTTP session as a {@link Transport}: pass it to `server.connect()`, then feed it
 * requests with {@link handlePost} / {@link handleGet}. Usually created for you by
 * `createStreamableHttpHandler`.
 *
 * @example
 * ```ts
 * const transport = new StreamableHttpServerTransport({ sessionId: crypto.randomUUID(), eventStore: new InMemoryEventStore() });
 * await server.connect(transport);
 * const response = await transport.handlePost(message, { accept: { json: true, sse: true }, headers: {}, protocolVersion: "2025-11-25" });
 * ```
 */
export class StreamableHttpServerTransport implements Transport {
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtra) => void;
  onerror?: (error: Error) => void;
  onclose?: () => void;
  readonly sessionId: string | undefined;
  /** The version negotiated by `initialize` (or set by the server). */
  protocolVersion: string | undefined;

  private readonly eventStore: EventStore | undefined;
  private readonly retryMs: number;
  private readonly keepAliveMs: number;
  private readonly responseMode: ResponseMode;
  private readonly streamAfterMs: number;
  private readonly closeWhenDone: boolean;
  private readonly onClosed: (() => void) | undefined;
  private readonly requests = new Map<RequestId, RequestStream>();
  private readonly streamsById = new Map<string, RequestStream>();
  private readonly standalone: StreamTarget = {
    streamId: STANDALONE,
    writer: undefined,
    queue: Promise.resolve(),
  };
  private readonly resumeBuffers = new Set<ResumeBuffer>();
  private initializeRequestedVersion: string | undefined;
  private initializeRequestId: RequestId | undefined;
  private streamCounter = 0;
  private started = false;
  private closed = false;

  constructor(options: StreamableHttpTransportOptions = {}) {
    this.sessionId = options.sessionId;
    this.eventStore = options.eventStore;
    this.retryMs = options.retryMs ?? 1000;
    this.keepAliveMs = options.keepAliveMs ?? 15_000;
    this.responseMode = options.responseMode ?? "auto";
    this.streamAfterMs = options.streamAfterMs ?? 1000;
    this.closeWhenDone = options.closeWhenDone ?? false;
    this.onClosed = options.onClosed;
  }

  /** True once {@link close} ran. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** True while a standalone GET stream is connected. */
  get hasStandaloneStream(): boolean {
    return this.standalone.writer !== undefined && !this.standalone.writer.closed;
  }

  /** How many POSTed requests still wait for their response. */
  get pendingRequestCount(): number {
    return this.requests.size;
  }

  async start(): Promise<void> {
    if (this.started) throw new Error("StreamableHttpServerTransport already started");
    this.started = true;
  }

  setProtocolVersion(version: string): void {
    this.protocolVersion = version;
  }

  /**
   * Takes one POSTed message. A notification or response gets 202 at once; a request gets a
   * response that resolves when its answer is known to be JSON (the answer itself) or a stream.
   */
  async handlePost(message: JSONRPCMessage, context: PostContext): Promise<Response> {
    if (this.closed) return httpError.sessionNotFound();
    const extra: HttpMessageExtra = { requestInfo: { headers: context.headers } };
    if (this.sessionId !== undefined) extra.sessionId = this.sessionId;
    if (context.authInfo !== undefined) extra.authInfo = context.authInfo;

    if (!isJSONRPCRequest(message)) {
      this.deliver(message, extra);
      if (this.closeWhenDone) queueMicrotask(() => void this.close());
      return new Response(null, { status: 202, headers: this.baseHeaders() });
    }

    if (this.requests.has(message.id)) {
      return httpError.badRequest(`Request id ${JSON.stringify(message.id)} is already in flight`);
    }
    if (message.method === "initialize") {
      const requested = message.params?.protocolVersion;
      if (typeof requested === "string") this.initializeRequestedVersion = requested;
      this.initializeRequestId = message.id;
    }

    const streamId = `${this.sessionId ?? "stateless"}.${++this.streamCounter}`;
    let resolve!: (response: Response) => void;
    const promise = new Promise<Response>((r) => {
      resolve = r;
    });
    const stream: RequestStream = {
      streamId,
      writer: undefined,
      queue: Promise.resolve(),
      requestId: message.id,
      mode: "pending",
      accept: context.accept,
      priming: this.eventStore !== undefined && this.supportsPriming(context.protocolVersion),
      resolve,
      timer: undefined,
      done: false,
    };
    this.requests.set(message.id, stream);
    this.streamsById.set(streamId, stream);

    const wantsSse = context.accept.sse && (this.responseMode === "sse" || !context.accept.json);
    if (wantsSse) this.startSse(stream);
    else if (this.responseMode === "auto" && context.accept.sse && this.streamAfterMs > 0) {
      stream.timer = setTimeout(() => {
        if (stream.mode === "pending") this.startSse(stream);
      }, this.streamAfterMs);
      (stream.timer as { unref?: () => void }).unref?.();
    }

    if (stream.priming) {
      extra.closeSSEStream = () => {
        this.closeRequestStream(message.id);
      };
    }
    extra.closeStandaloneSSEStream = () => {
      this.closeStandaloneStream();
    };
    this.deliver(message, extra);
    return promise;
  }

  /**
   * Opens the standalone stream, or resumes a stream after `lastEventId` (replaying what the client
   * missed on that stream, then continuing it live).
   */
  async handleGet(context: { lastEventId?: string; protocolVersion: string }): Promise<Response> {
    if (this.closed) return httpError.sessionNotFound();
    if (context.lastEventId !== undefined && context.lastEventId !== "") {
      return this.resume(context.lastEventId, context.protocolVersion);
    }
    if (this.hasStandaloneStream) {
      return httpError.conflict("Only one standalone SSE stream is allowed per session");
    }
    const writer = this.newWriter();
    this.attach(this.standalone, writer);
    if (this.eventStore !== undefined && this.supportsPriming(context.protocolVersion)) {
      this.enqueue(this.standalone, () => this.writePriming(this.standalone, writer));
    }
    return new Response(writer.stream, { status: 200, headers: this.sseHeaders() });
  }

  /**
   * Ends the HTTP response carrying `requestId`'s stream without ending the stream (SSE polling,
   * SEP-1699): later events are kept in the event store and delivered when the client reconnects
   * with `Last-Event-ID`. Returns false when that is impossible (no event store, a client older
   * than 2025-11-25, or no such request).
   */
  closeRequestStream(requestId: RequestId): boolean {
    const stream = this.requests.get(requestId);
    // Without a priming event the client has no event id to resume from: closing would lose the
    // answer (clients before 2025-11-25, or no event store).
    if (stream === undefined || !stream.priming) return false;
    if (stream.mode === "pending") {
      if (!stream.accept.sse) return false;
      this.startSse(stream);
    }
    this.enqueue(stream, async () => {
      stream.writer?.close();
      stream.writer = undefined;
    });
    return true;
  }

  /** Ends the standalone GET stream's response (the client reconnects, resuming if it can). */
  closeStandaloneStream(): boolean {
    if (!this.hasStandaloneStream) return false;
    this.enqueue(this.standalone, async () => {
      this.standalone.writer?.close();
      this.standalone.writer = undefined;
    });
    return true;
  }

  async send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    if (this.closed) throw new Error("Transport is closed");
    if (isJSONRPCResultResponse(message) || isJSONRPCErrorResponse(message)) {
      const id = message.id;
      const stream = id === undefined ? undefined : this.requests.get(id);
      if (stream === undefined) {
        // An error without an id (unreadable request) has no stream: the standalone one carries it.
        if (id === undefined) return this.sendOn(this.standalone, message);
        throw new Error(`No open HTTP request for response id ${JSON.stringify(id)}`);
      }
      if (
        id === this.initializeRequestId &&
        isJSONRPCResultResponse(message) &&
        typeof message.result.protocolVersion === "string"
      ) {
        this.protocolVersion ??= message.result.protocolVersion;
      }
      await this.finish(stream, message);
      return;
    }
    const related =
      options?.relatedRequestId === undefined ? undefined : this.requests.get(options.relatedRequestId);
    if (related !== undefined && (related.mode === "sse" || related.accept.sse)) {
      if (related.mode === "pending") this.startSse(related);
      return this.sendOn(related, message);
    }
    return this.sendOn(this.standalone, message);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const stream of this.requests.values()) {
      if (stream.timer !== undefined) clearTimeout(stream.timer);
      if (stream.mode === "pending") {
        stream.resolve(
          Response.json(
            {
              jsonrpc: "2.0",
              id: stream.requestId,
              error: { code: -32000, message: "Connection closed" },
            },
            { status: 200, headers: this.baseHeaders() },
          ),
        );
      }
      stream.writer?.close();
    }
    this.requests.clear();
    this.streamsById.clear();
    this.standalone.writer?.close();
    this.standalone.writer = undefined;
    try {
      this.onclose?.();
    } finally {
      this.onClosed?.();
    }
  }

  private deliver(message: JSONRPCMessage, extra: MessageExtra): void {
    try {
      this.onmessage?.(message, extra);
    } catch (error) {
      this.onerror?.(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private supportsPriming(headerVersion: string): boolean {
    // A client that asked for 2025-11-25 at initialize understands priming events even when a
    // later request's header names an older version (the conformance suite does exactly that).
    return (
      headerVersion >= PRIMING_SINCE ||
      (this.protocolVersion ?? "") >= PRIMING_SINCE ||
      (this.initializeRequestedVersion ?? "") >= PRIMING_SINCE
    );
  }

  private startSse(stream: RequestStream): void {
    if (stream.mode !== "pending") return;
    if (stream.timer !== undefined) clearTimeout(stream.timer);
    stream.mode = "sse";
    const writer = this.newWriter();
    this.attach(stream, writer);
    stream.resolve(new Response(writer.stream, { status: 200, headers: this.sseHeaders() }));
    if (stream.priming) this.enqueue(stream, () => this.writePriming(stream, writer));
  }

  private async finish(stream: RequestStream, message: JSONRPCMessage): Promise<void> {
    this.requests.delete(stream.requestId);
    // A resume of a finished stream replays it from the store and ends; no need to keep it here.
    this.streamsById.delete(stream.streamId);
    if (stream.timer !== undefined) clearTimeout(stream.timer);
    stream.done = true;
    if (stream.mode === "pending") {
      if (stream.accept.json || !stream.accept.sse) {
        stream.mode = "json";
        stream.resolve(Response.json(message, { status: 200, headers: this.baseHeaders() }));
        this.afterRequest();
        return;
      }
      this.startSse(stream);
    }
    await this.sendOn(stream, message);
    await this.enqueue(stream, async () => {
      // The response ends the stream. A client that is away gets it on resumption (see resume).
      // Its events stay in the (bounded) store: bytes written to a socket that then broke never
      // arrived, and the client will ask for them again.
      stream.writer?.close();
      stream.writer = undefined;
    });
    this.afterRequest();
  }

  private afterRequest(): void {
    if (this.closeWhenDone && this.requests.size === 0) queueMicrotask(() => void this.close());
  }

  private sendOn(target: StreamTarget, message: JSONRPCMessage): Promise<void> {
    return this.enqueue(target, async () => {
      let eventId: string | undefined;
      if (this.eventStore !== undefined) {
        eventId = await this.eventStore.storeEvent(target.streamId, message);
        for (const buffer of this.resumeBuffers) {
          buffer.events.push({ streamId: target.streamId, eventId, message });
        }
      }
      const event = { event: "message", data: JSON.stringify(message) };
      target.writer?.write(eventId === undefined ? event : { id: eventId, ...event });
    });
  }

  private async writePriming(target: StreamTarget, writer: SseWriter): Promise<void> {
    const eventStore = this.eventStore;
    if (eventStore === undefined) return;
    const id = await eventStore.storeEvent(target.streamId, undefined);
    writer.write({ id, retry: this.retryMs, data: "" });
  }

  private async resume(lastEventId: string, protocolVersion: string): Promise<Response> {
    const eventStore = this.eventStore;
    if (eventStore === undefined) {
      return httpError.badRequest("This server does not keep events: Last-Event-ID not supported");
    }
    const buffer: ResumeBuffer = { events: [] };
    this.resumeBuffers.add(buffer);
    const replayed: { eventId: string; message: JSONRPCMessage }[] = [];
    let streamId: string | undefined;
    try {
      streamId = await eventStore.replayEventsAfter(lastEventId, (eventId, message) => {
        replayed.push({ eventId, message });
      });
    } finally {
      this.resumeBuffers.delete(buffer);
    }
    // Events of another session's streams are never replayed here, even from a shared store.
    if (streamId === undefined || !this.ownsStream(streamId)) {
      return httpError.badRequest("Unknown Last-Event-ID");
    }
    const writer = this.newWriter();
    const seen = new Set<string>();
    for (const { eventId, message } of replayed) {
      seen.add(eventId);
      writer.write({ id: eventId, event: "message", data: JSON.stringify(message) });
    }
    for (const event of buffer.events) {
      if (event.streamId !== streamId || seen.has(event.eventId)) continue;
      writer.write({ id: event.eventId, event: "message", data: JSON.stringify(event.message) });
    }
    const target = streamId === STANDALONE ? this.standalone : this.streamsById.get(streamId);
    if (target === undefined) {
      // The stream already ended: everything it carried was just replayed.
      writer.close();
    } else {
      this.attach(target, writer);
      if (target === this.standalone && this.supportsPriming(protocolVersion)) {
        writer.write({ retry: this.retryMs });
      }
    }
    return new Response(writer.stream, { status: 200, headers: this.sseHeaders() });
  }

  private ownsStream(streamId: string): boolean {
    if (streamId === STANDALONE) return true;
    return streamId.startsWith(`${this.sessionId ?? "stateless"}.`) && this.streamCounterOwns(streamId);
  }

  private streamCounterOwns(streamId: string): boolean {
    const n = Number(streamId.slice(streamId.lastIndexOf(".") + 1));
    return Number.isInteger(n) && n >= 1 && n <= this.streamCounter;
  }

  private attach(target: StreamTarget, writer: SseWriter): void {
    const previous = target.writer;
    target.writer = writer;
    if (previous !== undefined && previous !== writer) previous.close();
    writer.onCancel = () => {
      // The client went away. Not a cancellation (spec): events wait in the store for a resume.
      if (target.writer === writer) target.writer = undefined;
    };
  }

  private enqueue(target: StreamTarget, job: () => Promise<void>): Promise<void> {
    const next = target.queue.then(job, job);
    target.queue = next.catch((error: unknown) => {
      this.onerror?.(error instanceof Error ? error : new Error(String(error)));
    });
    return next;
  }

  private newWriter(): SseWriter {
    return new SseWriter({ keepAliveMs: this.keepAliveMs });
  }

  private baseHeaders(): Record<string, string> {
    return this.sessionId === undefined ? {} : { "mcp-session-id": this.sessionId };
  }

  private sseHeaders(): Record<string, string> {
    return { ...SSE_HEADERS, ...this.baseHeaders() };
  }
}
