import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";

/**
 * Refuses request bodies over `maxSize` bytes. A body with a `Content-Length` (and no
 * `Transfer-Encoding`) is judged by that header alone, as Hono's `bodyLimit` does, but without
 * touching `c.req.raw.body`: on @hono/node-server that access turns the lightweight request
 * into a full WHATWG Request with a web-stream body, which costs every POST more than the
 * rest of the HTTP layer. Chunked bodies still go through `bodyLimit`, which counts while it
 * reads.
 *
 * @example
 * app.use(limitBody(1024 * 1024, () => { throw new ApiError(413, "payload_too_large", "too large") }));
 */
export function limitBody(
  maxSize: number,
  onError: (c: Context) => Response | Promise<Response>,
): MiddlewareHandler {
  const streaming = bodyLimit({ maxSize, onError });
  return async (c, next) => {
    const length = c.req.header("content-length");
    if (length !== undefined && c.req.header("transfer-encoding") === undefined) {
      return Number.parseInt(length, 10) > maxSize ? onError(c) : next();
    }
    if (c.req.method === "GET" || c.req.method === "HEAD") return next();
    return streaming(c, next);
  };
}
