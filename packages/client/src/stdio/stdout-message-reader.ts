import { decodeJSONRPCMessage, type JSONRPCMessage, NdjsonLineDecoder } from "@mcp/protocol/core";
import { StdioErrorCode, StdioProcessError } from "./errors.js";

/** Options of {@link StdoutMessageReader}. */
export interface StdoutMessageReaderOptions {
  /** Longest line accepted, in bytes; a longer one is reported and skipped. */
  maxMessageBytes: number;
  /** Called with every valid JSON-RPC message, in order. */
  onMessage: (message: JSONRPCMessage) => void;
  /** Called for every line that is not a JSON-RPC message; the stream goes on. */
  onInvalid: (error: StdioProcessError) => void;
}

const SNIPPET = 200;

/**
 * Turns a server's stdout chunks into JSON-RPC messages, one per line, with the protocol's NDJSON
 * line decoder (LF/CRLF, UTF-8 split across chunks, bounded line size). Garbage (a log line
 * printed to stdout, a half-written frame, an oversized line) is reported as a
 * {@link StdioProcessError} `INVALID_OUTPUT` quoting the start of the line, and skipped: the next
 * line is read normally.
 *
 * @example
 * const reader = new StdoutMessageReader({ maxMessageBytes: 1 << 20, onMessage: console.log, onInvalid: console.error });
 * reader.push(Buffer.from('{"jsonrpc":"2.0","id":1,"result":{}}\nnot json\n'));
 */
export class StdoutMessageReader {
  readonly #options: StdoutMessageReaderOptions;
  readonly #lines: NdjsonLineDecoder;

  constructor(options: StdoutMessageReaderOptions) {
    this.#options = options;
    this.#lines = new NdjsonLineDecoder({ maxMessageBytes: options.maxMessageBytes });
  }

  /** Feeds one chunk of stdout. */
  push(chunk: Uint8Array | string): void {
    for (const entry of this.#lines.push(chunk)) this.#entry(entry);
  }

  /** Ends the stream: a last line without a newline is still parsed. */
  end(): void {
    for (const entry of this.#lines.end()) this.#entry(entry);
  }

  #entry(entry: ReturnType<NdjsonLineDecoder["push"]>[number]): void {
    if (!entry.ok) {
      this.#options.onInvalid(
        new StdioProcessError(
          StdioErrorCode.InvalidOutput,
          `MCP server wrote an invalid line on stdout: ${entry.error.message}`,
          { cause: entry.error },
        ),
      );
      return;
    }
    let message: JSONRPCMessage;
    try {
      message = decodeJSONRPCMessage(entry.line);
    } catch (cause) {
      const line = entry.line;
      const snippet = line.length > SNIPPET ? `${line.slice(0, SNIPPET)}…` : line;
      this.#options.onInvalid(
        new StdioProcessError(
          StdioErrorCode.InvalidOutput,
          `MCP server wrote something that is not a JSON-RPC message on stdout (${(cause as Error).message}): ${JSON.stringify(snippet)}`,
          { cause },
        ),
      );
      return;
    }
    this.#options.onMessage(message);
  }
}
