/**
 * The transport contract every client and server transport implements (stdio, Streamable HTTP,
 * SSE, WebSocket, in-memory), and an in-memory linked pair for tests.
 */

import type { JSONRPCMessage, RequestId } from "./envelope.js";
import { LocalError, LocalErrorCode } from "./errors.js";

/** What a transport knows about a received message beyond the message itself. */
export interface MessageExtra {
  sessionId?: string;
  requestInfo?: { headers: Record<string, string> };
  authInfo?: unknown;
}

/** Options for {@link Transport.send}. */
export interface TransportSendOptions {
  /** The request this message relates to (Streamable HTTP routes it to that request's stream). */
  relatedRequestId?: RequestId;
  /** Resume a stream after this event id (Streamable HTTP). */
  resumptionToken?: string;
  /** Called with each new resumption token (Streamable HTTP event id). */
  onResumptionToken?: (token: string) => void;
}

/**
 * A bidirectional message channel. `start()` begins delivery to `onmessage`; `close()` ends it
 * and calls `onclose` once.
 *
 * @example
 * ```ts
 * transport.onmessage = (message) => console.log(message);
 * await transport.start();
 * await transport.send({ jsonrpc: "2.0", method: "notifications/initialized" });
 * ```
 */
export interface Transport {
  start(): Promise<void>;
  send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void>;
  close(): Promise<void>;
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtra) => void;
  onerror?: (error: Error) => void;
  onclose?: () => void;
  readonly sessionId?: string;
  setProtocolVersion?(version: string): void;
}

/** Options of {@link createLinkedTransportPair}. */
export interface LinkedTransportPairOptions {
  /** `extra.authInfo` delivered with every message the second transport (the server side) receives. */
  authInfo?: unknown;
  /** `sessionId` of both transports. */
  sessionId?: string;
}

class LinkedTransport implements Transport {
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtra) => void;
  onerror?: (error: Error) => void;
  onclose?: () => void;
  other: LinkedTransport | undefined;
  protocolVersion: string | undefined;
  private started = false;
  private closed = false;
  private readonly inbox: JSONRPCMessage[] = [];

  constructor(
    readonly sessionId: string | undefined,
    private readonly extra: MessageExtra | undefined,
  ) {}

  async start(): Promise<void> {
    if (this.started) throw new LocalError(LocalErrorCode.AlreadyStarted, "Transport already started");
    if (this.closed) throw new LocalError(LocalErrorCode.ConnectionClosed, "Transport is closed");
    this.started = true;
    const queued = this.inbox.splice(0);
    for (const message of queued) this.deliver(message);
  }

  async send(message: JSONRPCMessage, _options?: TransportSendOptions): Promise<void> {
    const other = this.other;
    if (this.closed || other === undefined || other.closed) {
      throw new LocalError(LocalErrorCode.ConnectionClosed, "Transport is closed");
    }
    // A copy, as a real wire would make: the receiver never shares objects with the sender.
    other.receive(structuredClone(message));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.inbox.length = 0;
    const other = this.other;
    this.other = undefined;
    this.onclose?.();
    if (other !== undefined) {
      other.other = undefined;
      await other.close();
    }
  }

  setProtocolVersion(version: string): void {
    this.protocolVersion = version;
  }

  private receive(message: JSONRPCMessage): void {
    if (!this.started) {
      this.inbox.push(message);
      return;
    }
    // Delivered on a later microtask, in order, so a handler that sends from inside onmessage never
    // re-enters the sender's own onmessage synchronously (as a real transport never would).
    queueMicrotask(() => this.deliver(message));
  }

  private deliver(message: JSONRPCMessage): void {
    if (this.closed) return;
    try {
      this.onmessage?.(message, this.extra);
    } catch (error) {
      this.onerror?.(error instanceof Error ? error : new Error(String(error)));
    }
  }
}

/**
 * Two in-memory transports wired to each other, for tests (like the SDK's
 * `InMemoryTransport.createLinkedPair`). Messages sent before the receiver starts are queued;
 * messages are copied with `structuredClone`; closing either side closes both.
 *
 * @example
 * ```ts
 * const [clientSide, serverSide] = createLinkedTransportPair();
 * await server.connect(serverSide);
 * await client.connect(clientSide);
 * ```
 */
export function createLinkedTransportPair(options: LinkedTransportPairOptions = {}): [Transport, Transport] {
  const serverExtra: MessageExtra | undefined =
    options.authInfo === undefined && options.sessionId === undefined
      ? undefined
      : {
          ...(options.sessionId === undefined ? {} : { sessionId: options.sessionId }),
          ...(options.authInfo === undefined ? {} : { authInfo: options.authInfo }),
        };
  const clientExtra: MessageExtra | undefined =
    options.sessionId === undefined ? undefined : { sessionId: options.sessionId };
  const a = new LinkedTransport(options.sessionId, clientExtra);
  const b = new LinkedTransport(options.sessionId, serverExtra);
  a.other = b;
  b.other = a;
  return [a, b];
}
