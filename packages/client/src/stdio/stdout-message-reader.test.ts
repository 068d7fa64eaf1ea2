import type { JSONRPCMessage } from "@mcp/protocol";
import { describe, expect, it } from "vitest";
import { StdioErrorCode, type StdioProcessError } from "./errors.js";
import { StdoutMessageReader } from "./stdout-message-reader.js";

function reader(maxMessageBytes = 1024) {
  const messages: JSONRPCMessage[] = [];
  const errors: StdioProcessError[] = [];
  const r = new StdoutMessageReader({
    maxMessageBytes,
    onMessage: (m) => messages.push(m),
    onInvalid: (e) => errors.push(e),
  });
  return { r, messages, errors };
}

describe("StdoutMessageReader", () => {
  it("decodes messages split across chunks, CRLF and multi-byte characters", () => {
    const { r, messages, errors } = reader();
    const line = Buffer.from('{"jsonrpc":"2.0","id":1,"result":{"text":"héllo ✓"}}\r\n');
    for (const byte of line) r.push(Uint8Array.of(byte));
    r.push('\n{"jsonrpc":"2.0","method":"notifications/x"}');
    r.end();
    expect(errors).toEqual([]);
    expect(messages).toEqual([
      { jsonrpc: "2.0", id: 1, result: { text: "héllo ✓" } },
      { jsonrpc: "2.0", method: "notifications/x" },
    ]);
  });

  it("reports garbage with a quote of the line and goes on", () => {
    const { r, messages, errors } = reader();
    r.push(`Server listening on stdio\n[1,2]\n{"jsonrpc":"2.0","id":2,"result":{}}\n${"x".repeat(500)}\n`);
    expect(messages).toEqual([{ jsonrpc: "2.0", id: 2, result: {} }]);
    expect(errors.map((e) => e.code)).toEqual([
      StdioErrorCode.InvalidOutput,
      StdioErrorCode.InvalidOutput,
      StdioErrorCode.InvalidOutput,
    ]);
    expect(errors[0]!.message).toContain('"Server listening on stdio"');
    expect(errors[1]!.message).toContain("batches are not supported");
    expect(errors[2]!.message).toContain("…");
  });

  it("drops an oversized line and reads the next one", () => {
    const { r, messages, errors } = reader(64);
    r.push(`{"jsonrpc":"2.0","id":1,"result":{"big":"${"y".repeat(200)}"}}\n`);
    r.push('{"jsonrpc":"2.0","id":3,"result":{}}\n');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toContain("maximum size of 64 bytes");
    expect(messages).toEqual([{ jsonrpc: "2.0", id: 3, result: {} }]);
  });
});
