/**
 * Newline-delimited JSON framing for stdio (spec: basic/transports, "stdio"): one JSON-RPC message
 * per line, no embedded newlines. The decoder is incremental and linear in input size: it keeps
 * the pieces of an unfinished line in a list and joins them once, when the newline arrives; it
 * splits on the byte 0x0A, which never occurs inside a multi-byte UTF-8 sequence, so characters
 * split across chunks are decoded whole.
 */

import { type JSONRPCMessage, parseJSONRPCMessage } from "./envelope.js";
import { ErrorCode, LocalError, LocalErrorCode, ProtocolError } from "./errors.js";

/** The default maximum size of one framed message: 16 MiB. */
export const DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/** Options of {@link NdjsonLineDecoder} and {@link NdjsonDecoder}. */
export interface NdjsonDecoderOptions {
  /** Largest line accepted, in bytes without the line ending. Default {@link DEFAULT_MAX_MESSAGE_BYTES}. */
  maxMessageBytes?: number;
}

/** One decoded line, or why it was dropped. */
export type NdjsonLine = { ok: true; line: string } | { ok: false; error: LocalError | ProtocolError };

/** One decoded message, or why its line was dropped. The stream continues after an error. */
export type NdjsonFrame =
  | { ok: true; message: JSONRPCMessage }
  | { ok: false; error: LocalError | ProtocolError };

const encoder = new TextEncoder();

/**
 * Splits a byte (or string) stream into lines: LF or CRLF endings, blank lines skipped, lines
 * over `maxMessageBytes` reported as `LocalError` `MESSAGE_TOO_LARGE` as soon as the limit is
 * passed (the rest of that line is discarded without being buffered), invalid UTF-8 reported as
 * `ProtocolError` -32700.
 *
 * @example
 * ```ts
 * const lines = new NdjsonLineDecoder({ maxMessageBytes: 1024 });
 * for (const entry of lines.push(chunk)) if (entry.ok) console.log(entry.line);
 * ```
 */
export class NdjsonLineDecoder {
  readonly maxMessageBytes: number;
  private parts: Uint8Array[] = [];
  private partBytes = 0;
  private discarding = false;
  // A string chunk may end between the two halves of a surrogate pair; the high half waits here.
  private highSurrogate = "";
  private readonly utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

  constructor(options: NdjsonDecoderOptions = {}) {
    const max = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    if (!Number.isInteger(max) || max <= 0) {
      throw new RangeError(`maxMessageBytes must be a positive integer, got ${max}`);
    }
    this.maxMessageBytes = max;
  }

  /** Bytes held for the unfinished line. */
  get bufferedBytes(): number {
    return this.partBytes;
  }

  /** Feeds a chunk; returns the lines it completed. */
  push(chunk: Uint8Array | string): NdjsonLine[] {
    const bytes = typeof chunk === "string" ? this.encodeString(chunk) : chunk;
    const out: NdjsonLine[] = [];
    let start = 0;
    while (start <= bytes.length) {
      const end = bytes.indexOf(NEWLINE, start);
      if (end < 0) {
        this.hold(bytes.subarray(start), out);
        break;
      }
      this.finish(bytes.subarray(start, end), out);
      start = end + 1;
    }
    return out;
  }

  /** Ends the stream: a last line without a newline is decoded as a line. */
  end(): NdjsonLine[] {
    const out: NdjsonLine[] = [];
    if (this.highSurrogate !== "") {
      const lone = this.highSurrogate;
      this.highSurrogate = "";
      this.hold(encoder.encode(lone), out);
    }
    if (this.discarding) {
      this.discarding = false;
      return out;
    }
    if (this.partBytes > 0) this.finish(new Uint8Array(0), out);
    return out;
  }

  private encodeString(chunk: string): Uint8Array {
    let text = this.highSurrogate === "" ? chunk : this.highSurrogate + chunk;
    this.highSurrogate = "";
    const last = text.charCodeAt(text.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      this.highSurrogate = text.slice(-1);
      text = text.slice(0, -1);
    }
    return encoder.encode(text);
  }

  private tooLarge(size: number): LocalError {
    return new LocalError(
      LocalErrorCode.MessageTooLarge,
      `Message exceeds the maximum size of ${this.maxMessageBytes} bytes (at least ${size} bytes); the line was dropped`,
      { data: { maxMessageBytes: this.maxMessageBytes, size } },
    );
  }

  private hold(piece: Uint8Array, out: NdjsonLine[]): void {
    if (piece.length === 0 || this.discarding) return;
    const size = this.partBytes + piece.length;
    // A trailing CR may be the first half of a CRLF ending, so it does not count yet.
    const counted = piece[piece.length - 1] === CARRIAGE_RETURN ? size - 1 : size;
    if (counted > this.maxMessageBytes) {
      out.push({ ok: false, error: this.tooLarge(counted) });
      this.reset();
      this.discarding = true;
      return;
    }
    // A copy: the caller may reuse its buffer after push() returns.
    this.parts.push(piece.slice());
    this.partBytes = size;
  }

  private finish(last: Uint8Array, out: NdjsonLine[]): void {
    if (this.discarding) {
      this.discarding = false;
      return;
    }
    let bytes: Uint8Array;
    if (this.parts.length === 0) {
      bytes = last;
    } else {
      bytes = new Uint8Array(this.partBytes + last.length);
      let offset = 0;
      for (const part of this.parts) {
        bytes.set(part, offset);
        offset += part.length;
      }
      bytes.set(last, offset);
      this.reset();
    }
    let length = bytes.length;
    if (length > 0 && bytes[length - 1] === CARRIAGE_RETURN) length -= 1;
    if (length > this.maxMessageBytes) {
      out.push({ ok: false, error: this.tooLarge(length) });
      return;
    }
    if (length === 0) return;
    let line: string;
    try {
      line = this.utf8.decode(length === bytes.length ? bytes : bytes.subarray(0, length));
    } catch (cause) {
      out.push({
        ok: false,
        error: new ProtocolError(ErrorCode.ParseError, "Parse error: invalid UTF-8", undefined, {
          cause,
        }),
      });
      return;
    }
    if (line.trim() === "") return;
    out.push({ ok: true, line });
  }

  private reset(): void {
    this.parts = [];
    this.partBytes = 0;
  }
}

function toFrame(entry: NdjsonLine): NdjsonFrame {
  if (!entry.ok) return entry;
  let value: unknown;
  try {
    value = JSON.parse(entry.line);
  } catch (cause) {
    return {
      ok: false,
      error: new ProtocolError(ErrorCode.ParseError, "Parse error: invalid JSON", undefined, {
        cause,
      }),
    };
  }
  try {
    return { ok: true, message: parseJSONRPCMessage(value) };
  } catch (error) {
    return { ok: false, error: error as ProtocolError };
  }
}

/**
 * Decodes a stdio byte stream into JSON-RPC messages: {@link NdjsonLineDecoder} plus JSON parsing
 * (`ProtocolError` -32700) and the envelope check of `parseJSONRPCMessage` (`ProtocolError`
 * -32600). A bad line yields an error frame and decoding goes on with the next line.
 *
 * @example
 * ```ts
 * const decoder = new NdjsonDecoder();
 * child.stdout.on("data", (chunk) => {
 *   for (const frame of decoder.push(chunk)) frame.ok ? onMessage(frame.message) : onError(frame.error);
 * });
 * ```
 */
export class NdjsonDecoder {
  private readonly lines: NdjsonLineDecoder;

  constructor(options: NdjsonDecoderOptions = {}) {
    this.lines = new NdjsonLineDecoder(options);
  }

  /** Bytes held for the unfinished line. */
  get bufferedBytes(): number {
    return this.lines.bufferedBytes;
  }

  /** Feeds a chunk; returns the frames it completed. */
  push(chunk: Uint8Array | string): NdjsonFrame[] {
    return this.lines.push(chunk).map(toFrame);
  }

  /** Ends the stream: a last line without a newline is decoded too. */
  end(): NdjsonFrame[] {
    return this.lines.end().map(toFrame);
  }
}

/**
 * Frames one already-serialised JSON text as a line. Throws `LocalError` `FRAMING_ERROR` when it
 * contains a raw `\n` or `\r`, which would split the message on the wire.
 *
 * @example
 * ```ts
 * stdin.write(encodeNdjsonLine('{"jsonrpc":"2.0","method":"notifications/initialized"}'));
 * ```
 */
export function encodeNdjsonLine(json: string): string {
  if (json.includes("\n") || json.includes("\r")) {
    throw new LocalError(
      LocalErrorCode.FramingError,
      "A framed message must not contain a raw newline or carriage return",
    );
  }
  return `${json}\n`;
}

/**
 * Serialises a message as one NDJSON line (JSON text + `\n`).
 *
 * @example
 * ```ts
 * process.stdout.write(encodeNdjson({ jsonrpc: "2.0", id: 1, result: {} }));
 * ```
 */
export function encodeNdjson(message: JSONRPCMessage): string {
  const json = JSON.stringify(message) as string | undefined;
  if (typeof json !== "string") {
    throw new LocalError(LocalErrorCode.FramingError, "Message is not serialisable as JSON");
  }
  // No scan for raw newlines (encodeNdjsonLine's check): JSON.stringify without indentation
  // escapes them inside strings and emits none between tokens. Every message sent goes through here.
  return `${json}\n`;
}
