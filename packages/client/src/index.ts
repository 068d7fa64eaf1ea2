/**
 * Public API of @mcp/client (runtime-neutral root entry): the `Client`, its network transports
 * (Streamable HTTP, legacy HTTP+SSE, WebSocket) and helpers. The stdio transport and the process
 * manager are Node-only subpaths: `@mcp/client/stdio`, `@mcp/client/manager`.
 */

export type { ConnectOptions } from "./client/client.js";
export { Client } from "./client/client.js";
export type {
  ClientEvents,
  ClientOptions,
  ElicitationHandler,
  ElicitationHandlerOptions,
  RootsHandler,
  SamplingHandler,
} from "./client/client-types.js";
export { applyElicitationDefaults } from "./client/elicitation-defaults.js";
export type { ConnectHttpOptions } from "./transports/connect-http.js";
export { connectHttp } from "./transports/connect-http.js";
export { HttpError, isHttpError } from "./transports/http-error.js";
export type { SseClientTransportOptions } from "./transports/sse.js";
export { SseClientTransport } from "./transports/sse.js";
export type {
  ReconnectionOptions,
  StreamableHttpClientTransportOptions,
} from "./transports/streamable-http.js";
export { StreamableHttpClientTransport } from "./transports/streamable-http.js";
export type {
  WebSocketClientTransportOptions,
  WebSocketConstructor,
  WebSocketLike,
} from "./transports/websocket.js";
export { WebSocketClientTransport } from "./transports/websocket.js";

/** The package's version, kept in step with package.json by the build. */
export const VERSION = "0.0.0";
