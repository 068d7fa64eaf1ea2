import { StringDecoder } from "node:string_decoder";
import { decodeJSONRPCMessage, type JSONRPCMessage } from "@mcp/protocol";
import { StdioErrorCode, StdioProcessError } from "./errors.js";

/** Options of {@link StdoutMessageReader}. */
export interface StdoutMessageReaderOptions {
  /** Longest line accepted, in characters; a longer one is reported and skipped. */
  maxLineLength: number;
  /** Called with every valid JSON-RPC message, in order. */
  onMessage: (message: JSONRPCMessage) => void;
  /** Called for every line that is not a JSON-RPC message; the stream goes on. */
  onInvalid: (error: StdioProcessError) => void;
}

const SNIPPET = 200;

/**
 * Turns a server's stdout chunks into JSON-RPC messages, one per line. Garbage (a log line
 * printed to stdout, a half-written frame, an oversized line) is reported with a clear error and
 * skipped: the next line is read normally.
 *
 * @example
 * const reader = new StdoutMessageReader({ maxLineLength: 1 << 20, onMessage: console.log, onInvalid: console.error });
 * reader.push(Buffer.from('{"jsonrpc":"2.0","id":1,"result":{}}\nnot json\n'));
 */
export class StdoutMessageReader {
  readonly #options: StdoutMessageReaderOptions;
  readonly #decoder = new StringDecoder("utf8");
  #pending = "";
  #skipping = false;

  constructor(options: StdoutMessageReaderOptions) {
    this.#options = options;
  }

  /** Feeds one chunk of stdout. */
  push(chunk: Buffer | string): void {
    const text = typeof chunk === "string" ? chunk : this.#decoder.write(chunk);
    let start = 0;
    let newline = text.indexOf("\n");
    while (newline >= 0) {
      const part = text.slice(start, newline);
      if (this.#skipping) {
        this.#skipping = false;
      } else {
        this.#line(this.#pending + part);
      }
      this.#pending = "";
      start = newline + 1;
      newline = text.indexOf("\n", start);
    }
    if (this.#skipping) return;
    this.#pending += text.slice(start);
    if (this.#pending.length > this.#options.maxLineLength) {
      this.#options.onInvalid(
        new StdioProcessError(
          StdioErrorCode.InvalidOutput,
          `MCP server wrote a stdout line longer than ${this.#options.maxLineLength} characters; it was skipped`,
        ),
      );
      this.#pending = "";
      this.#skipping = true;
    }
  }

  /** Ends the stream: a last line without a newline is still parsed. */
  end(): void {
    const rest = this.#pending + this.#decoder.end();
    this.#pending = "";
    if (!this.#skipping && rest.trim() !== "") this.#line(rest);
    this.#skipping = false;
  }

  #line(raw: string): void {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line.trim() === "") return;
    let message: JSONRPCMessage;
    try {
      message = decodeJSONRPCMessage(line);
    } catch (cause) {
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
