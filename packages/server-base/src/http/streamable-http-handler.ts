/**
 * The single MCP endpoint of Streamable HTTP (spec 2025-11-25, basic/transports) as a web-standard
 * `(Request) => Promise<Response>` handler: HTTP checks in a fixed order (Host/Origin, method,
 * media types, body size, JSON-RPC shape, protocol version header, session), then the session's
 * {@link StreamableHttpServerTransport}. Runtime-neutral: no `node:` imports.
 */
import {
  DEFAULT_NEGOTIATED_PROTOCOL_VERSION,
  isJSONRPCRequest,
  isProtocolError,
  type JSONRPCMessage,
  parseJSONRPCMessage,
  SUPPORTED_PROTOCOL_VERSIONS,
  type Transport,
} from "@mcp/protocol";
import { type EventStore, InMemoryEventStore } from "./event-store.js";
import { createHostValidator, type HostValidationOptions } from "./host-validation.js";
import { httpError, jsonRpcErrorResponse, parseAccept, readBodyLimited } from "./http-errors.js";
import { type ResponseMode, StreamableHttpServerTransport } from "./streamable-http-transport.js";

/** What the HTTP layer needs from a server: one `connect()` per session (`McpServer` fits). */
export interface HttpServerLike {
  connect(
    transport: Transport,
    options?: { preInitialized?: { protocolVersion?: string } },
  ): Promise<unknown>;
}

/** A server shared by all sessions, or a factory called once per session. */
export type HttpServerSource = HttpServerLike | (() => HttpServerLike | Promise<HttpServerLike>);

/** Options of {@link createStreamableHttpHandler}. */
export interface StreamableHttpHandlerOptions extends HostValidationOptions {
  /** The server each session connects to (`McpServer` supports many sessions at once). */
  server: HttpServerSource;
  /**
   * No sessions: every POST is served by a fresh connection that is already initialized and closes
   * after the answer; GET and DELETE get 405. For horizontally scaled servers without shared state.
   */
  stateless?: boolean;
  /**
   * Event store for resumable streams: an instance shared by all sessions, a factory called per
   * session, or `false` for none. Default: a bounded {@link InMemoryEventStore} per session.
   */
  eventStore?: EventStore | (() => EventStore) | false;
  /** Session ids; default `crypto.randomUUID()` (122 random bits, visible ASCII as the spec asks). */
  sessionIdGenerator?: () => string;
  /** Largest accepted POST body in bytes; larger gets 413. Default 4 MiB. */
  maxBodyBytes?: number;
  /** Most concurrent sessions; a new one beyond gets 503. Default 10 000. */
  maxSessions?: number;
  /** Close sessions idle (no request, no open stream) this long, in ms; 0 = never. Default 30 min. */
  sessionIdleTimeoutMs?: number;
  /** SSE `retry` (ms) sent with priming events. Default 1000. */
  retryMs?: number;
  /** SSE keep-alive comment interval (ms); 0 = off. Default 15 000. */
  keepAliveMs?: number;
  /** JSON or SSE answers; see {@link ResponseMode}. Default `"auto"`. */
  responseMode?: ResponseMode;
  /** In `"auto"` mode, a request still running after this many ms switches to SSE. Default 1000. */
  streamAfterMs?: number;
  /** Called when a session starts (after its id is assigned). */
  onSessionCreated?: (sessionId: string) => void;
  /** Called when a session ends (DELETE, idle timeout, server close, or handler close). */
  onSessionClosed?: (sessionId: string) => void;
}

/** Per-request extras the host application can pass (e.g. the result of its auth middleware). */
export interface HandleRequestOptions {
  /** Delivered to handlers as `ctx.authInfo`. */
  authInfo?: unknown;
}

/** A Streamable HTTP endpoint: a fetch-style handler plus session control. */
export interface StreamableHttpHandler {
  /** Answers one HTTP request to the MCP endpoint. */
  handle(request: Request, options?: HandleRequestOptions): Promise<Response>;
  /** The transport of a live session (e.g. to close a request's stream for SSE polling). */
  getSession(sessionId: string): StreamableHttpServerTransport | undefined;
  /** Ids of the live sessions. */
  readonly sessionIds: readonly string[];
  /** Closes every session and stops the idle sweep. */
  close(): Promise<void>;
}

interface SessionEntry {
  transport: StreamableHttpServerTransport;
  lastActivity: number;
}

const SESSION_HEADER = "mcp-session-id";
const VERSION_HEADER = "mcp-protocol-version";

/**
 * Creates the Streamable HTTP endpoint handler. Mount it at one path for POST, GET and DELETE
 * (`createMcpHttpApp` does that on Hono).
 *
 * @example
 * ```ts
 * const mcp = createStreamableHttpHandler({ server });
 * app.all("/mcp", (c) => mcp.handle(c.req.raw));
 * ```
 */
export function createStreamableHttpHandler(options: StreamableHttpHandlerOptions): StreamableHttpHandler {
  const validateHost = createHostValidator(options);
  const maxBodyBytes = options.maxBodyBytes ?? 4 * 1024 * 1024;
  const maxSessions = options.maxSessions ?? 10_000;
  const generateId = options.sessionIdGenerator ?? (() => crypto.randomUUID());
  const sessions = new Map<string, SessionEntry>();
  const stateless = options.stateless === true;
  const idleMs = options.sessionIdleTimeoutMs ?? 30 * 60_000;
  let sweeper: ReturnType<typeof setInterval> | undefined;
  let closed = false;

  const resolveServer = async (): Promise<HttpServerLike> =>
    typeof options.server === "function" ? await options.server() : options.server;

  const eventStoreFor = (): EventStore | undefined => {
    if (options.eventStore === false) return undefined;
    if (options.eventStore === undefined) return new InMemoryEventStore({ maxEvents: 1_000 });
    return typeof options.eventStore === "function" ? options.eventStore() : options.eventStore;
  };

  const transportOptions = {
    ...(options.retryMs === undefined ? {} : { retryMs: options.retryMs }),
    ...(options.keepAliveMs === undefined ? {} : { keepAliveMs: options.keepAliveMs }),
    ...(options.responseMode === undefined ? {} : { responseMode: options.responseMode }),
    ...(options.streamAfterMs === undefined ? {} : { streamAfterMs: options.streamAfterMs }),
  };

  const startSweeper = (): void => {
    if (sweeper !== undefined || idleMs <= 0 || stateless) return;
    sweeper = setInterval(
      () => {
        const now = Date.now();
        for (const [id, entry] of sessions) {
          const busy = entry.transport.pendingRequestCount > 0 || entry.transport.hasStandaloneStream;
          if (busy) entry.lastActivity = now;
          else if (now - entry.lastActivity > idleMs) {
            sessions.delete(id);
            void entry.transport.close();
          }
        }
      },
      Math.min(Math.max(idleMs / 2, 10), 60_000),
    );
    (sweeper as { unref?: () => void }).unref?.();
  };

  const sessionFromHeader = (request: Request): { entry: SessionEntry } | { response: Response } => {
    const id = request.headers.get(SESSION_HEADER);
    if (id === null || id === "") {
      return { response: httpError.badRequest("Bad Request: Mcp-Session-Id header is required") };
    }
    const entry = sessions.get(id);
    if (entry === undefined) return { response: httpError.sessionNotFound() };
    entry.lastActivity = Date.now();
    return { entry };
  };

  const checkVersionHeader = (request: Request): Response | undefined => {
    const version = request.headers.get(VERSION_HEADER);
    if (version === null) return undefined;
    if ((SUPPORTED_PROTOCOL_VERSIONS as readonly string[]).includes(version)) return undefined;
    return httpError.badRequest(
      `Bad Request: unsupported MCP-Protocol-Version ${JSON.stringify(version)} (supported: ${SUPPORTED_PROTOCOL_VERSIONS.join(", ")})`,
    );
  };

  const protocolVersionOf = (request: Request, transport?: StreamableHttpServerTransport): string =>
    request.headers.get(VERSION_HEADER) ?? transport?.protocolVersion ?? DEFAULT_NEGOTIATED_PROTOCOL_VERSION;

  const handlePost = async (request: Request, extra: HandleRequestOptions): Promise<Response> => {
    const contentType = request.headers.get("content-type") ?? "";
    if (!/^application\/json\s*(?:;|$)/i.test(contentType.trim())) {
      return httpError.unsupportedMediaType();
    }
    const accept = parseAccept(request.headers.get("accept"));
    const text = await readBodyLimited(request, maxBodyBytes);
    if (text === undefined) return httpError.payloadTooLarge(maxBodyBytes);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return httpError.parseError();
    }
    let message: JSONRPCMessage;
    try {
      message = parseJSONRPCMessage(value);
    } catch (error) {
      const reason = isProtocolError(error) ? error.message : "Invalid JSON-RPC message";
      return httpError.badRequest(reason);
    }
    const isRequest = isJSONRPCRequest(message);
    if (isRequest && !accept.json && !accept.sse) {
      return httpError.notAcceptable(
        "Not Acceptable: Accept must list application/json and text/event-stream",
      );
    }
    const badVersion = checkVersionHeader(request);
    if (badVersion !== undefined) return badVersion;
    const isInitialize = isJSONRPCRequest(message) && message.method === "initialize";
    const headers = headersToRecord(request.headers);
    const authInfo = extra.authInfo === undefined ? {} : { authInfo: extra.authInfo };

    if (stateless) {
      const transport = new StreamableHttpServerTransport({
        ...transportOptions,
        closeWhenDone: true,
      });
      const version = protocolVersionOf(request);
      try {
        const server = await resolveServer();
        await server.connect(
          transport,
          isInitialize ? undefined : { preInitialized: { protocolVersion: version } },
        );
      } catch {
        await transport.close();
        return jsonRpcErrorResponse(500, -32603, "Internal error: could not start a session");
      }
      return transport.handlePost(message, {
        accept,
        headers,
        protocolVersion: version,
        ...authInfo,
      });
    }

    if (isInitialize) {
      if (request.headers.get(SESSION_HEADER) !== null) {
        return httpError.badRequest(
          "Bad Request: initialize starts a session and must not carry Mcp-Session-Id",
        );
      }
      if (closed) return jsonRpcErrorResponse(503, -32000, "Server is shutting down");
      if (sessions.size >= maxSessions) {
        return jsonRpcErrorResponse(503, -32000, "Too many sessions", { "retry-after": "5" });
      }
      const sessionId = generateId();
      const eventStore = eventStoreFor();
      const transport = new StreamableHttpServerTransport({
        ...transportOptions,
        sessionId,
        ...(eventStore === undefined ? {} : { eventStore }),
        onClosed: () => {
          if (sessions.get(sessionId)?.transport === transport) sessions.delete(sessionId);
          options.onSessionClosed?.(sessionId);
        },
      });
      sessions.set(sessionId, { transport, lastActivity: Date.now() });
      startSweeper();
      try {
        const server = await resolveServer();
        await server.connect(transport);
      } catch {
        // No details on the wire: the factory's error may describe internals.
        sessions.delete(sessionId);
        await transport.close();
        return jsonRpcErrorResponse(500, -32603, "Internal error: could not start a session");
      }
      options.onSessionCreated?.(sessionId);
      return transport.handlePost(message, {
        accept,
        headers,
        protocolVersion: protocolVersionOf(request),
        ...authInfo,
      });
    }

    const found = sessionFromHeader(request);
    if ("response" in found) return found.response;
    const transport = found.entry.transport;
    return transport.handlePost(message, {
      accept,
      headers,
      protocolVersion: protocolVersionOf(request, transport),
      ...authInfo,
    });
  };

  const handleGet = async (request: Request): Promise<Response> => {
    if (!parseAccept(request.headers.get("accept")).sse) {
      return httpError.notAcceptable("Not Acceptable: Accept must list text/event-stream");
    }
    const found = sessionFromHeader(request);
    if ("response" in found) return found.response;
    const badVersion = checkVersionHeader(request);
    if (badVersion !== undefined) return badVersion;
    const transport = found.entry.transport;
    const lastEventId = request.headers.get("last-event-id");
    return transport.handleGet({
      ...(lastEventId === null ? {} : { lastEventId }),
      protocolVersion: protocolVersionOf(request, transport),
    });
  };

  const handleDelete = async (request: Request): Promise<Response> => {
    const found = sessionFromHeader(request);
    if ("response" in found) return found.response;
    const badVersion = checkVersionHeader(request);
    if (badVersion !== undefined) return badVersion;
    await found.entry.transport.close();
    return new Response(null, { status: 200 });
  };

  return {
    async handle(request, extra = {}) {
      const verdict = validateHost(request);
      if (!verdict.ok) return httpError.forbidden(`Forbidden: ${verdict.reason}`);
      switch (request.method) {
        case "POST":
          return handlePost(request, extra);
        case "GET":
          return stateless ? httpError.methodNotAllowed("POST") : handleGet(request);
        case "DELETE":
          return stateless ? httpError.methodNotAllowed("POST") : handleDelete(request);
        default:
          return httpError.methodNotAllowed(stateless ? "POST" : "GET, POST, DELETE");
      }
    },
    getSession(sessionId) {
      return sessions.get(sessionId)?.transport;
    },
    get sessionIds() {
      return [...sessions.keys()];
    },
    async close() {
      closed = true;
      if (sweeper !== undefined) clearInterval(sweeper);
      sweeper = undefined;
      const all = [...sessions.values()];
      sessions.clear();
      await Promise.all(all.map((entry) => entry.transport.close()));
    },
  };
}

function headersToRecord(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, key) => {
    out[key] = value;
  });
  return out;
}
