/**
 * Server-Sent Events framing (WHATWG HTML, "Server-sent events"): one event is a block of
 * `field: value` lines ended by a blank line. JSON text never contains a raw newline, but `data`
 * is split per line anyway so any string stays one event.
 */

/** One SSE event as written on the wire. */
export interface SseEvent {
  id?: string;
  event?: string;
  data?: string;
  /** Reconnection delay in milliseconds the client should use. */
  retry?: number;
}

/**
 * Encodes one SSE event (ending with the blank line that dispatches it).
 *
 * @example
 * ```ts
 * encodeSseEvent({ id: "s1_4", event: "message", data: "{}" }); // "id: s1_4\nevent: message\ndata: {}\n\n"
 * ```
 */
export function encodeSseEvent(event: SseEvent): string {
  let out = "";
  if (event.id !== undefined) out += `id: ${stripNewlines(event.id)}\n`;
  if (event.event !== undefined) out += `event: ${stripNewlines(event.event)}\n`;
  if (event.retry !== undefined) out += `retry: ${Math.max(0, Math.floor(event.retry))}\n`;
  if (event.data !== undefined) {
    for (const line of event.data.split(/\r\n|\r|\n/)) out += `data: ${line}\n`;
  }
  return `${out}\n`;
}

/** An SSE comment line, ignored by clients; keeps idle connections alive through proxies. */
export const SSE_KEEPALIVE = ": keep-alive\n\n";

function stripNewlines(value: string): string {
  return value.replace(/[\r\n]/g, "");
}

/** The headers every SSE response carries. */
export const SSE_HEADERS: Readonly<Record<string, string>> = {
  "content-type": "text/event-stream",
  "cache-control": "no-cache, no-transform",
  connection: "keep-alive",
  // Stops nginx from buffering the stream, which would hold events back.
  "x-accel-buffering": "no",
};

/**
 * A writable SSE response body: events are queued into a web `ReadableStream`, so it works on any
 * runtime with web streams. `onCancel` runs when the client goes away.
 */
export class SseWriter {
  readonly stream: ReadableStream<Uint8Array>;
  private controller!: ReadableStreamDefaultController<Uint8Array>;
  private readonly encoder = new TextEncoder();
  private closedFlag = false;
  private keepAliveTimer: ReturnType<typeof setInterval> | undefined;
  onCancel?: () => void;

  constructor(options: { keepAliveMs?: number } = {}) {
    this.stream = new ReadableStream<Uint8Array>({
      start: (controller) => {
        this.controller = controller;
      },
      cancel: () => {
        this.markClosed();
        this.onCancel?.();
      },
    });
    const keepAliveMs = options.keepAliveMs ?? 0;
    if (keepAliveMs > 0) {
      this.keepAliveTimer = setInterval(() => this.writeRaw(SSE_KEEPALIVE), keepAliveMs);
      // Never keep a process alive just to ping an idle stream.
      (this.keepAliveTimer as { unref?: () => void }).unref?.();
    }
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  /** Writes one event; returns false when the stream is already closed. */
  write(event: SseEvent): boolean {
    return this.writeRaw(encodeSseEvent(event));
  }

  private writeRaw(text: string): boolean {
    if (this.closedFlag) return false;
    try {
      this.controller.enqueue(this.encoder.encode(text));
      return true;
    } catch {
      this.markClosed();
      return false;
    }
  }

  /** Ends the response body (the client sees the stream end). */
  close(): void {
    if (this.closedFlag) return;
    this.markClosed();
    try {
      this.controller.close();
    } catch {
      // Already errored or cancelled by the client: nothing left to end.
    }
  }

  private markClosed(): void {
    this.closedFlag = true;
    if (this.keepAliveTimer !== undefined) clearInterval(this.keepAliveTimer);
    this.keepAliveTimer = undefined;
  }
}
