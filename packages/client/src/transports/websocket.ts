/**
 * A WebSocket client transport: one JSON-RPC message per text frame, subprotocol `mcp` (as the
 * official SDK's WebSocket transport). Uses the global `WebSocket` where the runtime has one
 * (browsers, Deno, Bun, Node 22+) and the `ws` package on Node 20.
 */
import { type JSONRPCMessage, LocalError, LocalErrorCode, type Transport } from "@mcp/protocol/core";

/** The part of the WebSocket API this transport uses (the global one and `ws` both have it). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
}

/** A WebSocket constructor. */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;

/** Options of {@link WebSocketClientTransport}. */
export interface WebSocketClientTransportOptions {
  /** Subprotocols to offer (default `["mcp"]`). */
  protocols?: string[];
  /** The WebSocket implementation (default: the global one, else `ws`). */
  WebSocket?: WebSocketConstructor;
}

const OPEN = 1;

async function defaultWebSocket(): Promise<WebSocketConstructor> {
  const global = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (global !== undefined) return global;
  const ws = (await import("ws")) as unknown as { default: WebSocketConstructor };
  return ws.default;
}

/**
 * A client transport for servers that speak MCP over WebSocket.
 *
 * @example
 * ```ts
 * await client.connect(new WebSocketClientTransport(new URL("ws://127.0.0.1:3000/mcp")));
 * ```
 */
export class WebSocketClientTransport implements Transport {
  onmessage?: (message: JSONRPCMessage) => void;
  onerror?: (error: Error) => void;
  onclose?: () => void;

  readonly url: URL;
  private socket: WebSocketLike | undefined;
  private readonly options: WebSocketClientTransportOptions;
  private closed = false;

  constructor(url: URL | string, options: WebSocketClientTransportOptions = {}) {
    this.url = new URL(url);
    this.options = options;
  }

  async start(): Promise<void> {
    if (this.socket !== undefined)
      throw new LocalError(LocalErrorCode.AlreadyStarted, "Transport already started");
    const Impl = this.options.WebSocket ?? (await defaultWebSocket());
    const socket = new Impl(this.url.href, this.options.protocols ?? ["mcp"]);
    this.socket = socket;
    await new Promise<void>((resolve, reject) => {
      socket.onopen = () => {
        socket.onerror = (event) => this.onerror?.(toError(event));
        resolve();
      };
      socket.onerror = (event) => reject(toError(event, `WebSocket ${this.url.href} failed to open`));
    });
    socket.onmessage = (event) => {
      try {
        const text =
          typeof event.data === "string" ? event.data : new TextDecoder().decode(event.data as ArrayBuffer);
        this.onmessage?.(JSON.parse(text) as JSONRPCMessage);
      } catch (cause) {
        this.onerror?.(
          new LocalError(LocalErrorCode.InvalidMessage, "The server sent an invalid frame", { cause }),
        );
      }
    };
    socket.onclose = () => this.finish();
  }

  async send(message: JSONRPCMessage): Promise<void> {
    const socket = this.socket;
    if (this.closed || socket === undefined || socket.readyState !== OPEN) {
      throw new LocalError(LocalErrorCode.ConnectionClosed, "WebSocket is not open");
    }
    socket.send(JSON.stringify(message));
  }

  async close(): Promise<void> {
    this.socket?.close();
    this.finish();
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.onclose?.();
  }
}

function toError(event: unknown, fallback = "WebSocket error"): Error {
  if (event instanceof Error) return event;
  const inner = (event as { error?: unknown; message?: unknown } | null)?.error;
  if (inner instanceof Error) return inner;
  const message = (event as { message?: unknown } | null)?.message;
  return new Error(typeof message === "string" && message !== "" ? message : fallback);
}
