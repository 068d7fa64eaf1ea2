import type { IncomingMessage } from "node:http";
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";

/** `c.env.incoming` under @hono/node-server; absent under `app.request(...)` and other runtimes. */
function nodeRequestOf(c: Context): IncomingMessage | undefined {
  const incoming = (c.env as { incoming?: unknown } | undefined)?.incoming;
  return incoming !== null &&
    typeof incoming === "object" &&
    typeof (incoming as IncomingMessage).on === "function"
    ? (incoming as IncomingMessage)
    : undefined;
}

/** Reads the Node request's Buffer chunks, or `undefined` as soon as they pass `maxSize`. */
function readLimited(incoming: IncomingMessage, maxSize: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      incoming.off("data", onData);
      incoming.off("end", onEnd);
      incoming.off("error", onError);
      incoming.off("close", onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxSize) {
        done();
        // @hono/node-server drains what is left (bounded in time and bytes) once the 413 is sent.
        incoming.pause();
        resolve(undefined);
      } else chunks.push(chunk);
    };
    const onEnd = () => {
      done();
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      done();
      reject(error);
    };
    // A client that goes away mid-body may close the request without "end" or "error".
    const onClose = () => {
      if (incoming.readableEnded) onEnd();
      else onError(new Error("the client closed the request before its body ended"));
    };
    incoming.on("data", onData);
    incoming.on("end", onEnd);
    incoming.on("error", onError);
    incoming.on("close", onClose);
  });
}

/**
 * Refuses request bodies over `maxSize` bytes. A body with a `Content-Length` (and no
 * `Transfer-Encoding`) is judged by that header alone, as Hono's `bodyLimit` does, but without
 * touching `c.req.raw.body`: on @hono/node-server that access turns the lightweight request
 * into a full WHATWG Request with a web-stream body, where `c.req.json()` alone reads the Node
 * request's Buffer chunks directly. A chunked body under @hono/node-server is read here from
 * those chunks, counted as they come, and handed to Hono's body cache (`c.req.json()`/`text()`
 * read it from there); elsewhere (`app.request(...)`, other runtimes) it goes through
 * `bodyLimit`, which counts while it reads the web stream.
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
    const incoming = nodeRequestOf(c);
    if (!incoming || incoming.readableDidRead) return streaming(c, next);
    const body = await readLimited(incoming, maxSize);
    if (body === undefined) return onError(c);
    // Hono keeps promises in `bodyCache` (its type says values): `c.req.json()` and `text()`
    // take `text` from there, and any other reading is converted from it by Hono.
    const cache = c.req.bodyCache as Record<string, Promise<unknown>>;
    cache.text = Promise.resolve(body.toString("utf8"));
    cache.arrayBuffer = Promise.resolve(
      body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength),
    );
    return next();
  };
}
