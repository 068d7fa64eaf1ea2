import type { JSONRPCMessage, MessageExtra, Transport, TransportSendOptions } from "@mcp/protocol/core";

/** What the manager wants to hear from a transport, before the client does. */
export interface TransportObserver {
  onclose(): void;
  onerror?(error: Error): void;
}

/**
 * A transport that forwards everything to an inner one and tells an observer about errors and
 * the close first. The client sets its own `onclose`/`onerror` on this wrapper, so the manager
 * sees a crash whatever the client does with the handlers, and before the client's generic
 * "connection closed" errors, so in-flight calls fail with the manager's clearer crash error.
 *
 * @example
 * const observed = new ObservedTransport(new StdioClientTransport(params), { onclose: () => console.log("gone") });
 * await client.connect(observed);
 */
export class ObservedTransport implements Transport {
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtra) => void;
  onerror?: (error: Error) => void;
  onclose?: () => void;

  constructor(
    readonly inner: Transport,
    observer: TransportObserver,
  ) {
    inner.onmessage = (message, extra) => this.onmessage?.(message, extra);
    inner.onerror = (error) => {
      observer.onerror?.(error);
      this.onerror?.(error);
    };
    inner.onclose = () => {
      observer.onclose();
      this.onclose?.();
    };
  }

  get sessionId(): string | undefined {
    return this.inner.sessionId;
  }

  start(): Promise<void> {
    return this.inner.start();
  }

  send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    return this.inner.send(message, options);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  setProtocolVersion(version: string): void {
    this.inner.setProtocolVersion?.(version);
  }
}
