/**
 * Connecting to an HTTP server whose transport is unknown (spec 2025-11-25: basic/transports,
 * "Backwards Compatibility"): POST `initialize` as Streamable HTTP; when that fails with a 4xx,
 * the server is an old HTTP+SSE one, so GET the URL for an event stream and its endpoint.
 */
import type { Client, ConnectOptions } from "../client/client.js";
import { isHttpError } from "./http-error.js";
import { SseClientTransport, type SseClientTransportOptions } from "./sse.js";
import {
  StreamableHttpClientTransport,
  type StreamableHttpClientTransportOptions,
} from "./streamable-http.js";

/** Options of {@link connectHttp}. */
export interface ConnectHttpOptions extends ConnectOptions {
  streamableHttp?: StreamableHttpClientTransportOptions;
  sse?: SseClientTransportOptions;
}

/**
 * Connects `client` to `url` with Streamable HTTP, falling back to HTTP+SSE for old servers.
 * Resolves with the transport that worked.
 *
 * @example
 * ```ts
 * const transport = await connectHttp(client, "http://127.0.0.1:3000/mcp");
 * console.log(transport instanceof SseClientTransport ? "legacy SSE" : "Streamable HTTP");
 * ```
 */
export async function connectHttp(
  client: Client,
  url: URL | string,
  options: ConnectHttpOptions = {},
): Promise<StreamableHttpClientTransport | SseClientTransport> {
  const connectOptions: ConnectOptions = {
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  };
  const streamable = new StreamableHttpClientTransport(url, options.streamableHttp);
  try {
    await client.connect(streamable, connectOptions);
    return streamable;
  } catch (error) {
    // 401/403 are about credentials, not about the transport: falling back would hide them.
    const legacy =
      isHttpError(error) && error.status >= 400 && error.status < 500 && ![401, 403].includes(error.status);
    if (!legacy) throw error;
  }
  const sse = new SseClientTransport(url, options.sse);
  await client.connect(sse, connectOptions);
  return sse;
}
