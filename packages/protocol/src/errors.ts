/**
 * Wire errors (JSON-RPC `error` objects with numeric codes) and local errors (string codes, never
 * sent on the wire) are kept apart: a peer answers a request with a {@link ProtocolError}; a local
 * failure (timeout, closed connection, oversized frame) is a {@link LocalError}. Both are recognised
 * by a `Symbol.for` brand, because `instanceof` fails across duplicate copies of this package.
 */

/** JSON-RPC 2.0 and MCP error codes used on the wire. */
export const ErrorCode = {
  /** Invalid JSON was received. */
  ParseError: -32700,
  /** The JSON sent is not a valid JSON-RPC request object. */
  InvalidRequest: -32600,
  /** The method does not exist or is not available. */
  MethodNotFound: -32601,
  /** Invalid method parameters; also an unsupported protocol version on `initialize`. */
  InvalidParams: -32602,
  /** Internal JSON-RPC error. */
  InternalError: -32603,
  /** MCP: the requested resource does not exist (resources/read). */
  ResourceNotFound: -32002,
  /** MCP 2025-11-25: the request needs a URL-mode elicitation first (`data.elicitations`). */
  UrlElicitationRequired: -32042,
} as const;

/** One of the numeric codes in {@link ErrorCode}. Other integers are allowed on the wire too. */
export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];

const PROTOCOL_ERROR_BRAND = Symbol.for("@mcp/protocol/ProtocolError");
const LOCAL_ERROR_BRAND = Symbol.for("@mcp/protocol/LocalError");

/** The JSON shape of a wire error, as carried in a JSON-RPC error response. */
export interface WireError {
  code: number;
  message: string;
  data?: unknown;
}

/**
 * An error that travels on the wire: a JSON-RPC `error` object with a numeric code.
 *
 * @example
 * ```ts
 * throw new ProtocolError(ErrorCode.InvalidParams, "Unknown tool: nope");
 * ```
 */
export class ProtocolError extends Error {
  readonly [PROTOCOL_ERROR_BRAND] = true;
  override readonly name = "ProtocolError";
  readonly code: number;
  readonly data: unknown;

  constructor(code: number, message: string, data?: unknown, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.data = data;
  }

  /**
   * Rebuilds an error received on the wire.
   *
   * @example
   * ```ts
   * const err = ProtocolError.fromWire({ code: -32601, message: "Method not found" });
   * ```
   */
  static fromWire(error: WireError): ProtocolError {
    return new ProtocolError(error.code, error.message, error.data);
  }

  /** The JSON-RPC error object (`data` omitted when undefined). */
  toJSON(): WireError {
    return this.data === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, data: this.data };
  }
}

/**
 * True for a {@link ProtocolError}, even one from another copy of this package.
 *
 * @example
 * ```ts
 * if (isProtocolError(err)) console.log(err.code);
 * ```
 */
export function isProtocolError(value: unknown): value is ProtocolError {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<symbol, unknown>)[PROTOCOL_ERROR_BRAND] === true
  );
}

/**
 * The wire error to answer with for anything a handler threw: a {@link ProtocolError} keeps its
 * code and data; anything else becomes -32603 "Internal error" with no message or stack leaked.
 *
 * @example
 * ```ts
 * const error = toWireError(new Error("db password is hunter2")); // { code: -32603, message: "Internal error" }
 * ```
 */
export function toWireError(error: unknown): WireError {
  if (isProtocolError(error)) return error.toJSON();
  return { code: ErrorCode.InternalError, message: "Internal error" };
}

/**
 * The -32602 error a server answers `initialize` with when it supports none of the versions
 * (spec: basic/lifecycle, "Version Negotiation"), carrying `data.supported` and `data.requested`.
 *
 * @example
 * ```ts
 * throw unsupportedProtocolVersionError("1999-01-01", SUPPORTED_PROTOCOL_VERSIONS);
 * ```
 */
export function unsupportedProtocolVersionError(
  requested: string,
  supported: readonly string[],
): ProtocolError {
  return new ProtocolError(ErrorCode.InvalidParams, "Unsupported protocol version", {
    supported: [...supported],
    requested,
  });
}

/**
 * The -32002 error for `resources/read` of an unknown URI (spec: server/resources, "Error Handling").
 *
 * @example
 * ```ts
 * throw resourceNotFoundError("file:///nope");
 * ```
 */
export function resourceNotFoundError(uri: string): ProtocolError {
  return new ProtocolError(ErrorCode.ResourceNotFound, "Resource not found", { uri });
}

/**
 * The -32042 error telling the client to complete URL-mode elicitations first
 * (spec: client/elicitation, "URL Elicitation Required Error").
 *
 * @example
 * ```ts
 * throw urlElicitationRequiredError([{ mode: "url", elicitationId: "e1", url: "https://x.example/auth", message: "Sign in" }]);
 * ```
 */
export function urlElicitationRequiredError(
  elicitations: readonly Record<string, unknown>[],
  message = "URL elicitation required",
): ProtocolError {
  return new ProtocolError(ErrorCode.UrlElicitationRequired, message, {
    elicitations: [...elicitations],
  });
}

/** String codes of {@link LocalError}: failures on this side that are never sent on the wire. */
export const LocalErrorCode = {
  /** A request got no response in time. */
  RequestTimeout: "REQUEST_TIMEOUT",
  /** The caller aborted the request (its `AbortSignal`). */
  RequestAborted: "REQUEST_ABORTED",
  /** The connection closed while a request was pending, or before a send. */
  ConnectionClosed: "CONNECTION_CLOSED",
  /** Used before `connect()`/`start()`. */
  NotConnected: "NOT_CONNECTED",
  /** `start()`/`connect()` called twice. */
  AlreadyStarted: "ALREADY_STARTED",
  /** The other side did not declare the capability a method needs. */
  CapabilityNotSupported: "CAPABILITY_NOT_SUPPORTED",
  /** This side may not send that method (e.g. a client sending `sampling/createMessage`). */
  MethodNotAllowed: "METHOD_NOT_ALLOWED",
  /** The other side negotiated a protocol version this side does not support. */
  UnsupportedProtocolVersion: "UNSUPPORTED_PROTOCOL_VERSION",
  /** A received result or message failed schema validation. */
  InvalidMessage: "INVALID_MESSAGE",
  /** A framed message exceeds the configured maximum size. */
  MessageTooLarge: "MESSAGE_TOO_LARGE",
  /** A frame is not valid JSON / UTF-8, or an encoded message would break the framing. */
  FramingError: "FRAMING_ERROR",
} as const;

/** One of the string codes in {@link LocalErrorCode}. */
export type LocalErrorCodeValue = (typeof LocalErrorCode)[keyof typeof LocalErrorCode];

/**
 * A failure on this side (never sent as-is on the wire), with a string code.
 *
 * @example
 * ```ts
 * throw new LocalError(LocalErrorCode.RequestTimeout, "tools/call timed out after 60000 ms", { data: { timeoutMs: 60000 } });
 * ```
 */
export class LocalError extends Error {
  readonly [LOCAL_ERROR_BRAND] = true;
  override readonly name = "LocalError";
  readonly code: LocalErrorCodeValue;
  readonly data: unknown;

  constructor(code: LocalErrorCodeValue, message: string, options?: { cause?: unknown; data?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.data = options?.data;
  }
}

/**
 * True for a {@link LocalError}, even one from another copy of this package.
 *
 * @example
 * ```ts
 * if (isLocalError(err) && err.code === LocalErrorCode.RequestTimeout) retry();
 * ```
 */
export function isLocalError(value: unknown): value is LocalError {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<symbol, unknown>)[LOCAL_ERROR_BRAND] === true
  );
}
