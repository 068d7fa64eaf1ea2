/**
 * Public API of `@mcp/server-base/http`: Streamable HTTP (spec 2025-11-25) and the deprecated
 * HTTP+SSE transport (2024-11-05) as web-standard handlers, a Hono app, and a Node listener.
 * Everything here except `serveHttp` is runtime-neutral.
 */
export { type EventStore, InMemoryEventStore, type InMemoryEventStoreOptions } from "./event-store.js";
export {
  createHostValidator,
  createOriginChecker,
  type HostValidationOptions,
  type HostValidationResult,
  isLoopbackHost,
  LOOPBACK_HOSTNAMES,
} from "./host-validation.js";
export {
  createLegacySseHandler,
  type LegacySseHandler,
  type LegacySseHandlerOptions,
  LegacySseServerTransport,
} from "./legacy-sse.js";
export { createMcpHttpApp, type McpHttpApp, type McpHttpAppOptions } from "./mcp-http-app.js";
export { type RunningHttpServer, type ServeHttpOptions, serveHttp } from "./serve-http.js";
export { encodeSseEvent, type SseEvent } from "./sse.js";
export {
  createStreamableHttpHandler,
  type HandleRequestOptions,
  type HttpServerLike,
  type HttpServerSource,
  type StreamableHttpHandler,
  type StreamableHttpHandlerOptions,
} from "./streamable-http-handler.js";
export {
  type HttpMessageExtra,
  type PostContext,
  type ResponseMode,
  StreamableHttpServerTransport,
  type StreamableHttpTransportOptions,
} from "./streamable-http-transport.js";
