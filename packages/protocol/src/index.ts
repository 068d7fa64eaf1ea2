/**
 * Public API of @mcp/protocol: the MCP wire format. Everything exported here is public and named
 * one by one (no `export *`); anything not listed is internal. Groups: JSON-RPC envelope, errors,
 * protocol versions, transport contract, the JSON-RPC peer (owned by the client engineer).
 */

export type { ErrorCodeValue, LocalErrorCodeValue, WireError } from "./errors.js";
export {
  ErrorCode,
  isLocalError,
  isProtocolError,
  LocalError,
  LocalErrorCode,
  ProtocolError,
  resourceNotFoundError,
  toWireError,
  unsupportedProtocolVersionError,
  urlElicitationRequiredError,
} from "./errors.js";

export type {
  Cursor,
  JSONRPCErrorObject,
  JSONRPCErrorResponse,
  JSONRPCMessage,
  JSONRPCNotification,
  JSONRPCRequest,
  JSONRPCResponse,
  JSONRPCResultResponse,
  ProgressToken,
  RequestId,
} from "./jsonrpc.js";
export {
  CursorSchema,
  decodeJSONRPCMessage,
  isJSONRPCErrorResponse,
  isJSONRPCNotification,
  isJSONRPCRequest,
  isJSONRPCResultResponse,
  JSONRPC_VERSION,
  JSONRPCErrorObjectSchema,
  JSONRPCErrorResponseSchema,
  JSONRPCMessageSchema,
  JSONRPCNotificationSchema,
  JSONRPCRequestSchema,
  JSONRPCResponseSchema,
  JSONRPCResultResponseSchema,
  ProgressTokenSchema,
  parseJSONRPCMessage,
  RequestIdSchema,
} from "./jsonrpc.js";
export type {
  LinkedTransportPairOptions,
  MessageExtra,
  Transport,
  TransportSendOptions,
} from "./transport.js";
export { createLinkedTransportPair } from "./transport.js";
export type { ProtocolVersion } from "./version.js";
export {
  DEFAULT_NEGOTIATED_PROTOCOL_VERSION,
  isSupportedProtocolVersion,
  LATEST_PROTOCOL_VERSION,
  negotiateProtocolVersion,
  SUPPORTED_PROTOCOL_VERSIONS,
} from "./version.js";

// --- peer: owned by the client engineer ---
// Imported, then exported, so Biome's export sorting keeps this block in its own chunk.
import {
  JsonRpcPeer,
  type JsonRpcPeerOptions,
  type NotificationHandler,
  type Progress,
  type RequestContext,
  type RequestHandler,
  type RequestOptions,
} from "./peer/index.js";

export type {
  JsonRpcPeerOptions,
  NotificationHandler,
  Progress,
  RequestContext,
  RequestHandler,
  RequestOptions,
};
export { JsonRpcPeer };
// --- end peer ---

/** The package's version, kept in step with package.json by the build. */
export const VERSION = "0.0.0";
