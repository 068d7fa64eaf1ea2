/**
 * An HTTP response the transport could not use (a non-2xx status, or a body of the wrong type).
 * Recognised by a `Symbol.for` brand, like the protocol's errors.
 */
const HTTP_ERROR_BRAND = Symbol.for("@mcp/client/HttpError");

/**
 * A failed HTTP exchange: `status` is the response status (0 when there was no response).
 *
 * @example
 * ```ts
 * if (isHttpError(err) && err.status === 404) console.log("no such endpoint");
 * ```
 */
export class HttpError extends Error {
  readonly [HTTP_ERROR_BRAND] = true;
  override readonly name = "HttpError";
  readonly status: number;
  readonly body: string;

  constructor(status: number, message: string, options?: { body?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.status = status;
    this.body = options?.body ?? "";
  }
}

/**
 * True for an {@link HttpError}, even one from another copy of this package.
 *
 * @example
 * ```ts
 * if (isHttpError(err)) console.log(err.status);
 * ```
 */
export function isHttpError(value: unknown): value is HttpError {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<symbol, unknown>)[HTTP_ERROR_BRAND] === true
  );
}

/** Reads at most `limit` characters of a body for an error message; never throws. */
export async function readErrorBody(response: Response, limit = 2_000): Promise<string> {
  try {
    return (await response.text()).slice(0, limit);
  } catch {
    return "";
  }
}
