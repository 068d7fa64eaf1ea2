/**
 * The deprecated HTTP+SSE transport of protocol version 2024-11-05: a GET opens an event stream
 * whose first `endpoint` event names the URL to POST messages to; the server's messages arrive as
 * `message` events on that stream.
 */
import { type JSONRPCMessage, LocalError, LocalErrorCode, type Transport } from "@mcp/protocol/core";
import { HttpError, readErrorBody } from "./http-error.js";
import { readSseStream } from "./sse-reader.js";

/** Options of {@link SseClientTransport}. */
export interface SseClientTransportOptions {
  /** Extra headers on every request. */
  headers?: Record<string, string>;
  /** The `fetch` to use (default: the global one). */
  fetch?: typeof fetch;
  /** How long to wait for the `endpoint` event (default 10 000 ms). */
  endpointTimeoutMs?: number;
}

/**
 * A client transport for servers that only speak the 2024-11-05 HTTP+SSE transport.
 *
 * @example
 * ```ts
 * const transport = new SseClientTransport(new URL("http://127.0.0.1:3000/sse"));
 * await client.connect(transport);
 * ```
 */
export class SseClientTransport implements Transport {
  onmessage?: (message: JSONRPCMessage) => void;
  onerror?: (error: Error) => void;
  onclose?: () => void;

  readonly url: URL;
  private endpoint: URL | undefined;
  private protocolVersion: string | undefined;
  private readonly controller = new AbortController();
  private readonly options: SseClientTransportOptions;
  private readonly fetchFn: typeof fetch;
  private started = false;
  private closed = false;

  constructor(url: URL | string, options: SseClientTransportOptions = {}) {
    this.url = new URL(url);
    this.options = options;
    this.fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
  }

  /** The URL the server told us to POST to. */
  get endpointUrl(): URL | undefined {
    return this.endpoint;
  }

  setProtocolVersion(version: string): void {
    this.protocolVersion = version;
  }

  /** Opens the event stream and resolves once the server named its POST endpoint. */
  async start(): Promise<void> {
    if (this.started) throw new LocalError(LocalErrorCode.AlreadyStarted, "Transport already started");
    this.started = true;
    let response: Response;
    try {
      response = await this.fetchFn(this.url, {
        method: "GET",
        headers: { ...this.options.headers, accept: "text/event-stream" },
        signal: this.controller.signal,
      });
    } catch (cause) {
      throw new HttpError(0, `GET ${this.url.href} failed: ${(cause as Error).message}`, { cause });
    }
    const type = response.headers.get("content-type") ?? "";
    if (!response.ok || response.body === null || !type.includes("text/event-stream")) {
      const body = await readErrorBody(response);
      throw new HttpError(
        response.status,
        `GET ${this.url.href} did not open an event stream (${response.status})`,
        {
          body,
        },
      );
    }
    const body = response.body;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new HttpError(0, `No endpoint event from ${this.url.href}`));
        this.controller.abort();
      }, this.options.endpointTimeoutMs ?? 10_000);
      void readSseStream(body, (event) => {
        if (event.event === "endpoint") {
          try {
            const endpoint = new URL(event.data, this.url);
            // A server may only send us to its own origin (the spec's security warning).
            if (endpoint.origin !== this.url.origin) throw new Error(`endpoint origin ${endpoint.origin}`);
            this.endpoint = endpoint;
            clearTimeout(timer);
            resolve();
          } catch (cause) {
            clearTimeout(timer);
            reject(new HttpError(0, `Invalid endpoint event "${event.data}"`, { cause }));
          }
          return;
        }
        if (event.event !== undefined && event.event !== "message") return;
        try {
          this.onmessage?.(JSON.parse(event.data) as JSONRPCMessage);
        } catch (cause) {
          this.onerror?.(
            new LocalError(LocalErrorCode.InvalidMessage, "The server sent invalid JSON", { cause }),
          );
        }
      }).then((end) => {
        clearTimeout(timer);
        if (this.closed) return;
        reject(new HttpError(0, "The event stream ended before the endpoint event"));
        // The stream is the connection: when it ends, the session is over.
        if (end.error !== undefined) this.onerror?.(end.error as Error);
        void this.close();
      });
    });
  }

  async send(message: JSONRPCMessage): Promise<void> {
    if (this.closed) throw new LocalError(LocalErrorCode.ConnectionClosed, "Transport is closed");
    if (this.endpoint === undefined)
      throw new LocalError(LocalErrorCode.NotConnected, "Transport not started");
    let response: Response;
    try {
      response = await this.fetchFn(this.endpoint, {
        method: "POST",
        headers: {
          ...this.options.headers,
          "content-type": "application/json",
          ...(this.protocolVersion === undefined ? {} : { "mcp-protocol-version": this.protocolVersion }),
        },
        body: JSON.stringify(message),
        signal: this.controller.signal,
      });
    } catch (cause) {
      if (this.closed) throw new LocalError(LocalErrorCode.ConnectionClosed, "Transport is closed");
      throw new HttpError(0, `POST ${this.endpoint.href} failed: ${(cause as Error).message}`, { cause });
    }
    const body = await readErrorBody(response);
    if (!response.ok) {
      throw new HttpError(
        response.status,
        `POST ${this.endpoint.href} answered ${response.status}: ${body}`,
        { body },
      );
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.controller.abort();
    this.onclose?.();
  }
}
