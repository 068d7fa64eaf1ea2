// Local (non-wire) errors of the server framework. Wire errors are @mcp/protocol's ProtocolError.
const SERVER_ERROR_BRAND = Symbol.for("mcp.server-base.ServerError");

/** String codes of {@link ServerError}. */
export type ServerErrorCode =
  | "DUPLICATE_NAME"
  | "INVALID_TEMPLATE"
  | "INVALID_SCHEMA"
  | "INVALID_NAME"
  | "CAPABILITY_NOT_SUPPORTED"
  | "NOT_INITIALIZED"
  | "SESSION_CLOSED";

/**
 * A misuse of the framework or a request the session cannot make (for example sampling when the
 * client did not declare the `sampling` capability). Recognise it with {@link isServerError}.
 *
 * @example
 * ```ts
 * try { await ctx.createMessage(params); }
 * catch (error) { if (isServerError(error) && error.code === "CAPABILITY_NOT_SUPPORTED") fallback(); }
 * ```
 */
export class ServerError extends Error {
  readonly code: ServerErrorCode;
  readonly [SERVER_ERROR_BRAND] = true;

  constructor(code: ServerErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ServerError";
    this.code = code;
  }
}

/**
 * True when `value` is a {@link ServerError}, even from another copy of this package.
 *
 * @example
 * ```ts
 * if (isServerError(error)) console.error(error.code);
 * ```
 */
export function isServerError(value: unknown): value is ServerError {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<symbol, unknown>)[SERVER_ERROR_BRAND] === true
  );
}
