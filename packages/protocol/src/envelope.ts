/**
 * The JSON-RPC 2.0 envelope as MCP uses it (spec: basic, "Messages"), without zod: message types,
 * the hand-written envelope check and the type guards. Ids are strings or integers, never null;
 * params and results are objects; batches are not part of MCP since 2025-06-18. The zod schemas
 * of the same shapes live in `jsonrpc.ts`.
 */
import { ErrorCode, ProtocolError } from "./errors.js";

/** The only JSON-RPC version MCP speaks. */
export const JSONRPC_VERSION = "2.0";

/** A request id: a string or an integer, never null (spec: basic, "Requests"). */
export type RequestId = string | number;
/** A progress token (spec: basic/utilities/progress): a string or an integer. */
export type ProgressToken = string | number;
/** An opaque pagination cursor (spec: server/utilities/pagination). */
export type Cursor = string;

/** A request that expects a response. */
export type JSONRPCRequest = {
  jsonrpc: "2.0";
  id: RequestId;
  method: string;
  params?: Record<string, unknown>;
};

/** A notification, which gets no response. */
export type JSONRPCNotification = {
  jsonrpc: "2.0";
  method: string;
  params?: Record<string, unknown>;
};

/** A successful response. */
export type JSONRPCResultResponse = {
  jsonrpc: "2.0";
  id: RequestId;
  result: Record<string, unknown>;
};

/** The `error` member of an error response. */
export type JSONRPCErrorObject = { code: number; message: string; data?: unknown };

/** An error response. */
export type JSONRPCErrorResponse = {
  jsonrpc: "2.0";
  id?: RequestId;
  error: JSONRPCErrorObject;
};

/** A response: a result or an error. */
export type JSONRPCResponse = JSONRPCResultResponse | JSONRPCErrorResponse;

/** Any JSON-RPC message. */
export type JSONRPCMessage =
  | JSONRPCRequest
  | JSONRPCNotification
  | JSONRPCResultResponse
  | JSONRPCErrorResponse;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function invalid(message: string, data?: Record<string, unknown>): never {
  throw new ProtocolError(ErrorCode.InvalidRequest, message, data);
}

function checkId(id: unknown, where: string): void {
  if (typeof id === "string") return;
  if (typeof id === "number" && Number.isInteger(id)) return;
  if (id === null) invalid(`${where} id must be a string or an integer, not null`);
  invalid(`${where} id must be a string or an integer, got ${describe(id)}`);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "number" && !Number.isInteger(value)) return `the non-integer ${value}`;
  return `a ${typeof value}`;
}

/**
 * Checks the JSON-RPC envelope of a decoded value and returns it typed, without copying. It looks
 * at the members present (method, id, result, error) rather than trying a union, so a well-formed
 * message builds no failure objects. Throws a {@link ProtocolError} -32600 naming the precise fault
 * (batch array, missing or wrong `jsonrpc`, null id, both `result` and `error`, ...). Params and
 * results are checked per method with the method map ({@link parseRequestParams} and friends).
 *
 * @example
 * ```ts
 * const message = parseJSONRPCMessage(JSON.parse(line));
 * if ("method" in message && "id" in message) handleRequest(message);
 * ```
 */
export function parseJSONRPCMessage(value: unknown): JSONRPCMessage {
  if (Array.isArray(value)) {
    invalid("JSON-RPC batches are not supported: MCP removed batching in 2025-06-18");
  }
  if (!isPlainObject(value)) invalid(`A JSON-RPC message must be an object, got ${describe(value)}`);
  const version = value.jsonrpc;
  if (version !== JSONRPC_VERSION) {
    if (version === undefined) invalid('Missing "jsonrpc": "2.0"');
    invalid(`Unsupported JSON-RPC version ${JSON.stringify(version)}; expected "2.0"`);
  }
  const method = value.method;
  if (method !== undefined) {
    if (typeof method !== "string") invalid(`"method" must be a string, got ${describe(method)}`);
    if ("result" in value || "error" in value) {
      invalid('A message with "method" cannot carry "result" or "error"');
    }
    const params = value.params;
    if (params !== undefined && !isPlainObject(params)) {
      invalid(`"params" must be an object, got ${describe(params)}`, { method });
    }
    if ("id" in value) checkId(value.id, "Request");
    return value as JSONRPCRequest | JSONRPCNotification;
  }
  const hasResult = "result" in value;
  const hasError = "error" in value;
  if (hasResult && hasError) invalid('A response cannot carry both "result" and "error"');
  if (hasResult) {
    if (!("id" in value)) invalid('A result response needs an "id"');
    checkId(value.id, "Response");
    if (!isPlainObject(value.result)) {
      invalid(`"result" must be an object, got ${describe(value.result)}`);
    }
    return value as JSONRPCResultResponse;
  }
  if (hasError) {
    if ("id" in value) checkId(value.id, "Response");
    const error = value.error;
    if (!isPlainObject(error)) invalid(`"error" must be an object, got ${describe(error)}`);
    if (typeof error.code !== "number" || !Number.isInteger(error.code)) {
      invalid(`"error.code" must be an integer, got ${describe(error.code)}`);
    }
    if (typeof error.message !== "string") {
      invalid(`"error.message" must be a string, got ${describe(error.message)}`);
    }
    return value as JSONRPCErrorResponse;
  }
  return invalid('Not a request, notification or response: no "method", "result" or "error"');
}

/**
 * `JSON.parse` plus {@link parseJSONRPCMessage}; invalid JSON throws a {@link ProtocolError} -32700.
 *
 * @example
 * ```ts
 * const message = decodeJSONRPCMessage('{"jsonrpc":"2.0","method":"notifications/initialized"}');
 * ```
 */
export function decodeJSONRPCMessage(text: string): JSONRPCMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new ProtocolError(ErrorCode.ParseError, "Parse error: invalid JSON", undefined, {
      cause,
    });
  }
  return parseJSONRPCMessage(value);
}

/**
 * True for a request (has `method` and `id`). For messages already checked by
 * {@link parseJSONRPCMessage}.
 *
 * @example
 * ```ts
 * if (isJSONRPCRequest(message)) respond(message.id);
 * ```
 */
export function isJSONRPCRequest(message: JSONRPCMessage): message is JSONRPCRequest {
  return "method" in message && "id" in message;
}

/**
 * True for a notification (has `method`, no `id`).
 *
 * @example
 * ```ts
 * if (isJSONRPCNotification(message)) dispatch(message.method, message.params);
 * ```
 */
export function isJSONRPCNotification(message: JSONRPCMessage): message is JSONRPCNotification {
  return "method" in message && !("id" in message);
}

/**
 * True for a successful response (has `result`).
 *
 * @example
 * ```ts
 * if (isJSONRPCResultResponse(message)) settle(message.id, message.result);
 * ```
 */
export function isJSONRPCResultResponse(message: JSONRPCMessage): message is JSONRPCResultResponse {
  return "result" in message;
}

/**
 * True for an error response (has `error`).
 *
 * @example
 * ```ts
 * if (isJSONRPCErrorResponse(message)) reject(ProtocolError.fromWire(message.error));
 * ```
 */
export function isJSONRPCErrorResponse(message: JSONRPCMessage): message is JSONRPCErrorResponse {
  return "error" in message;
}
