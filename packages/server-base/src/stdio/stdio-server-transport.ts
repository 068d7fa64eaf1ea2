import type { Readable, Writable } from "node:stream";
import {
  ErrorCode,
  encodeNdjson,
  type JSONRPCMessage,
  LocalError,
  LocalErrorCode,
  type MessageExtra,
  type NdjsonLine,
  NdjsonLineDecoder,
  ProtocolError,
  type Transport,
} from "@mcp/protocol";

/** Options of {@link StdioServerTransport}. */
export interface StdioServerTransportOptions {
  /** Default `process.stdin`. */
  stdin?: Readable;
  /** Default `process.stdout`. */
  stdout?: Writable;
  /** Largest accepted line in bytes; default 16 MiB (protocol's default). */
  maxMessageBytes?: number;
}

/**
 * The server side of the stdio transport: NDJSON messages in on stdin, out on stdout. Closes
 * (and calls `onclose`) when stdin ends or stdout breaks (EPIPE), so a server never outlives its
 * client. Outgoing messages written in the same tick are joined into one write, which matters
 * when many requests are in flight.
 *
 * @example
 * ```ts
 * const transport = new StdioServerTransport();
 * await server.connect(transport);
 * ```
 */
export class StdioServerTransport implements Transport {
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtra) => void;
  onerror?: (error: Error) => void;
  onclose?: () => void;

  readonly #stdin: Readable;
  readonly #stdout: Writable;
  readonly #decoder: NdjsonLineDecoder;
  #started = false;
  #closed = false;
  #queue: string[] = [];
  #flushScheduled = false;
  #draining: Promise<void> | undefined;

  constructor(options: StdioServerTransportOptions = {}) {
    this.#stdin = options.stdin ?? process.stdin;
    this.#stdout = options.stdout ?? process.stdout;
    this.#decoder = new NdjsonLineDecoder(
      options.maxMessageBytes === undefined ? {} : { maxMessageBytes: options.maxMessageBytes },
    );
  }

  async start(): Promise<void> {
    if (this.#started)
      throw new LocalError(LocalErrorCode.AlreadyStarted, "StdioServerTransport already started");
    this.#started = true;
    this.#stdin.on("data", this.#onData);
    this.#stdin.on("end", this.#onEnd);
    this.#stdin.on("close", this.#onEnd);
    this.#stdin.on("error", this.#onStreamError);
    this.#stdout.on("error", this.#onStreamError);
    this.#stdin.resume();
  }

  async send(message: JSONRPCMessage): Promise<void> {
    if (this.#closed) throw new LocalError(LocalErrorCode.ConnectionClosed, "stdio transport is closed");
    this.#queue.push(encodeNdjson(message));
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      process.nextTick(this.#flush);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#flush();
    this.#closed = true;
    this.#stdin.off("data", this.#onData);
    this.#stdin.off("end", this.#onEnd);
    this.#stdin.off("close", this.#onEnd);
    this.#stdin.off("error", this.#onStreamError);
    // Stop reading so an open stdin pipe does not keep the event loop alive.
    this.#stdin.pause();
    this.onclose?.();
  }

  /** Resolves once every queued message was handed to stdout and stdout drained. */
  async flushed(): Promise<void> {
    this.#flush();
    while (this.#draining) await this.#draining;
  }

  readonly #flush = (): void => {
    this.#flushScheduled = false;
    if (this.#queue.length === 0 || this.#stdout.destroyed || this.#draining) return;
    const chunk = this.#queue.length === 1 ? (this.#queue[0] as string) : this.#queue.join("");
    this.#queue = [];
    if (!this.#stdout.write(chunk)) {
      this.#draining = new Promise((resolve) => {
        const done = () => {
          this.#stdout.off("drain", done);
          this.#stdout.off("close", done);
          this.#draining = undefined;
          resolve();
          this.#flush();
        };
        this.#stdout.on("drain", done);
        this.#stdout.on("close", done);
      });
    }
  };

  readonly #onData = (chunk: Buffer | string): void => {
    for (const entry of this.#decoder.push(chunk)) this.#handleLine(entry);
  };

  #handleLine(entry: NdjsonLine): void {
    if (this.#closed) return;
    if (!entry.ok) {
      this.onerror?.(entry.error);
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(entry.line);
    } catch (cause) {
      this.onerror?.(
        new ProtocolError(ErrorCode.ParseError, "Parse error: invalid JSON on stdin", undefined, { cause }),
      );
      return;
    }
    // The peer checks the envelope and answers a malformed request that has an id with -32600.
    this.onmessage?.(value as JSONRPCMessage);
  }

  readonly #onEnd = (): void => {
    if (this.#closed) return;
    for (const entry of this.#decoder.end()) this.#handleLine(entry);
    void this.close();
  };

  readonly #onStreamError = (error: Error): void => {
    // EPIPE/ECONNRESET: the client went away. That is a close, not a crash.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EPIPE" || code === "ECONNRESET" || code === "ERR_STREAM_DESTROYED") {
      this.#queue = [];
      void this.close();
      return;
    }
    this.onerror?.(error);
  };
}
