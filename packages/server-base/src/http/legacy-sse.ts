/**
 * The deprecated HTTP+SSE transport of MCP 2024-11-05, kept for old clients: `GET /sse` opens an
 * event stream whose first event (`endpoint`) names the URL to POST messages to
 * (`/messages?sessionId=...`); every server message then travels on that one stream, and each POST
 * is answered 202 Accepted.
 */
import {
  isProtocolError,
  type JSONRPCMessage,
  type MessageExtra,
  parseJSONRPCMessage,
  type Transport,
} from "@mcp/protocol";
import { createHostValidator, type HostValidationOptions } from "./host-validation.js";
import { httpError, parseAccept, readBodyLimited } from "./http-errors.js";
import { SSE_HEADERS, SseWriter } from "./sse.js";
import type { HttpServerSource } from "./streamable-http-handler.js";

/**
 * One legacy SSE connection as a {@link Transport}. Closing the transport ends the stream; the
 * client leaving ends the transport.
 *
 * @example
 * ```ts
 * const transport = new LegacySseServerTransport({ sessionId: crypto.randomUUID(), endpoint: "/messages" });
 * await server.connect(transport);
 * return new Response(transport.stream, { headers: { "content-type": "text/event-stream" } });
 * ```
 */
export class LegacySseServerTransport implements Transport {
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtra) => void;
  onerror?: (error: Error) => void;
  onclose?: () => void;
  readonly sessionId: string;
  private readonly writer: SseWriter;
  private readonly endpoint: string;
  private readonly onClosed: (() => void) | undefined;
  private closed = false;

  constructor(options: {
    sessionId: string;
    /** The POST path (or URL) announced in the `endpoint` event, without the query. */
    endpoint: string;
    keepAliveMs?: number;
    onClosed?: () => void;
  }) {
    this.sessionId = options.sessionId;
    this.endpoint = options.endpoint;
    this.onClosed = options.onClosed;
    this.writer = new SseWriter({ keepAliveMs: options.keepAliveMs ?? 15_000 });
    this.writer.onCancel = () => void this.close();
  }

  /** The SSE response body. */
  get stream(): ReadableStream<Uint8Array> {
    return this.writer.stream;
  }

  async start(): Promise<void> {
    const separator = this.endpoint.includes("?") ? "&" : "?";
    this.writer.write({
      event: "endpoint",
      data: `${this.endpoint}${separator}sessionId=${encodeURIComponent(this.sessionId)}`,
    });
  }

  /** Delivers one POSTed message to the server. */
  receive(message: JSONRPCMessage, extra: MessageExtra): void {
    try {
      this.onmessage?.(message, extra);
    } catch (error) {
      this.onerror?.(error instanceof Error ? error : new Error(String(error)));
    }
  }

  async send(message: JSONRPCMessage): Promise<void> {
    if (this.closed) throw new Error("Transport is closed");
    this.writer.write({ event: "message", data: JSON.stringify(message) });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.writer.close();
    try {
      this.onclose?.();
    } finally {
      this.onClosed?.();
    }
  }
}

/** Options of {@link createLegacySseHandler}. */
export interface LegacySseHandlerOptions extends HostValidationOptions {
  server: HttpServerSource;
  /** The path announced for POSTs. Default `"/messages"`. */
  messagesPath?: string;
  /** Largest POST body in bytes. Default 4 MiB. */
  maxBodyBytes?: number;
  /** SSE keep-alive comment interval (ms); 0 = off. Default 15 000. */
  keepAliveMs?: number;
  sessionIdGenerator?: () => string;
}

/** The two endpoints of the legacy transport. */
export interface LegacySseHandler {
  /** `GET /sse`: opens a session's stream. */
  handleSse(request: Request): Promise<Response>;
  /** `POST /messages?sessionId=...`: one client message. */
  handleMessage(request: Request, options?: { authInfo?: unknown }): Promise<Response>;
  readonly sessionIds: readonly string[];
  close(): Promise<void>;
}

/**
 * Creates the handlers of the deprecated HTTP+SSE transport (2024-11-05).
 *
 * @example
 * ```ts
 * const legacy = createLegacySseHandler({ server });
 * app.get("/sse", (c) => legacy.handleSse(c.req.raw));
 * app.post("/messages", (c) => legacy.handleMessage(c.req.raw));
 * ```
 */
export function createLegacySseHandler(options: LegacySseHandlerOptions): LegacySseHandler {
  const validateHost = createHostValidator(options);
  const sessions = new Map<string, LegacySseServerTransport>();
  const messagesPath = options.messagesPath ?? "/messages";
  const maxBodyBytes = options.maxBodyBytes ?? 4 * 1024 * 1024;
  const generateId = options.sessionIdGenerator ?? (() => crypto.randomUUID());

  return {
    async handleSse(request) {
      const verdict = validateHost(request);
      if (!verdict.ok) return httpError.forbidden(`Forbidden: ${verdict.reason}`);
      if (request.method !== "GET") return httpError.methodNotAllowed("GET");
      if (!parseAccept(request.headers.get("accept")).sse) {
        return httpError.notAcceptable("Not Acceptable: Accept must list text/event-stream");
      }
      const sessionId = generateId();
      const transport = new LegacySseServerTransport({
        sessionId,
        endpoint: messagesPath,
        ...(options.keepAliveMs === undefined ? {} : { keepAliveMs: options.keepAliveMs }),
        onClosed: () => sessions.delete(sessionId),
      });
      sessions.set(sessionId, transport);
      const server = typeof options.server === "function" ? await options.server() : options.server;
      await server.connect(transport);
      return new Response(transport.stream, { status: 200, headers: SSE_HEADERS });
    },

    async handleMessage(request, extra = {}) {
      const verdict = validateHost(request);
      if (!verdict.ok) return httpError.forbidden(`Forbidden: ${verdict.reason}`);
      if (request.method !== "POST") return httpError.methodNotAllowed("POST");
      const sessionId = new URL(request.url).searchParams.get("sessionId");
      if (sessionId === null || sessionId === "") {
        return httpError.badRequest("Bad Request: sessionId query parameter is required");
      }
      const transport = sessions.get(sessionId);
      if (transport === undefined) return httpError.sessionNotFound();
      const contentType = request.headers.get("content-type") ?? "";
      if (!/^application\/json\s*(?:;|$)/i.test(contentType.trim())) {
        return httpError.unsupportedMediaType();
      }
      const text = await readBodyLimited(request, maxBodyBytes);
      if (text === undefined) return httpError.payloadTooLarge(maxBodyBytes);
      let message: JSONRPCMessage;
      try {
        message = parseJSONRPCMessage(JSON.parse(text));
      } catch (error) {
        return isProtocolError(error) ? httpError.badRequest(error.message) : httpError.parseError();
      }
      const headers: Record<string, string> = {};
      request.headers.forEach((value, key) => {
        headers[key] = value;
      });
      transport.receive(message, {
        sessionId,
        requestInfo: { headers },
        ...(extra.authInfo === undefined ? {} : { authInfo: extra.authInfo }),
      });
      return new Response("Accepted", { status: 202 });
    },

    get sessionIds() {
      return [...sessions.keys()];
    },

    async close() {
      const all = [...sessions.values()];
      sessions.clear();
      await Promise.all(all.map((t) => t.close()));
    },
  };
}
