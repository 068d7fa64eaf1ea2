import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ErrorCode, isLocalError, isProtocolError, LocalErrorCode } from "./errors.js";
import { encodeNdjson, encodeNdjsonLine, NdjsonDecoder, NdjsonLineDecoder } from "./framing.js";
import type { JSONRPCMessage } from "./jsonrpc.js";

const utf8 = new TextEncoder();

/** Cuts `bytes` at the given (sorted, deduplicated) offsets. */
function cut(bytes: Uint8Array, offsets: number[]): Uint8Array[] {
  const points = [...new Set(offsets.map((o) => o % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const point of points) {
    chunks.push(bytes.subarray(start, point));
    start = point;
  }
  chunks.push(bytes.subarray(start));
  return chunks;
}

function messages(decoder: NdjsonDecoder, chunks: (Uint8Array | string)[]): JSONRPCMessage[] {
  const out: JSONRPCMessage[] = [];
  for (const chunk of chunks) {
    for (const frame of decoder.push(chunk)) {
      if (!frame.ok) throw frame.error;
      out.push(frame.message);
    }
  }
  for (const frame of decoder.end()) {
    if (!frame.ok) throw frame.error;
    out.push(frame.message);
  }
  return out;
}

// Text with multi-byte characters (2-, 3- and 4-byte UTF-8), quotes, backslashes and newlines.
const text = fc.string({
  unit: fc.constantFrom("a", "é", "€", "𝄞", "😀", "\n", "\r", '"', "\\", " ", "\u2028"),
  maxLength: 40,
});
const message: fc.Arbitrary<JSONRPCMessage> = fc.oneof(
  fc.record({
    jsonrpc: fc.constant("2.0" as const),
    id: fc.oneof(fc.integer(), text),
    method: text,
    params: fc.dictionary(text, fc.oneof(text, fc.integer(), fc.boolean()), { maxKeys: 4 }),
  }),
  fc.record({ jsonrpc: fc.constant("2.0" as const), method: text }),
  fc.record({
    jsonrpc: fc.constant("2.0" as const),
    id: fc.integer(),
    result: fc.record({ text }),
  }),
);

describe("NdjsonDecoder (property-based)", () => {
  it("decodes any messages cut at any byte boundaries, LF or CRLF", () => {
    fc.assert(
      fc.property(
        fc.array(message, { maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        fc.boolean(),
        (list, offsets, crlf) => {
          const wire = list.map((m) => JSON.stringify(m) + (crlf ? "\r\n" : "\n")).join("");
          const chunks = cut(utf8.encode(wire), offsets);
          expect(messages(new NdjsonDecoder(), chunks)).toEqual(list);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("gives the same result for string chunks cut at any character", () => {
    fc.assert(
      fc.property(
        fc.array(message, { maxLength: 5 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        (list, offsets) => {
          const wire = list.map((m) => encodeNdjson(m)).join("");
          const points = [...new Set(offsets.map((o) => o % (wire.length + 1)))].sort((a, b) => a - b);
          const chunks: string[] = [];
          let start = 0;
          for (const point of points) {
            chunks.push(wire.slice(start, point));
            start = point;
          }
          chunks.push(wire.slice(start));
          expect(messages(new NdjsonDecoder(), chunks)).toEqual(list);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("drops exactly the oversized lines, wherever the chunks are cut, and keeps going", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 200 })), { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (spec, offsets) => {
          const max = 100;
          const lines = spec.map(([, size], index) => {
            const line = JSON.stringify({
              jsonrpc: "2.0",
              method: "m",
              params: { i: index, p: "x".repeat(size) },
            });
            return line;
          });
          const decoder = new NdjsonDecoder({ maxMessageBytes: max });
          const seen: unknown[] = [];
          let tooLarge = 0;
          for (const chunk of cut(utf8.encode(lines.map((l) => `${l}\n`).join("")), offsets)) {
            for (const frame of decoder.push(chunk)) {
              if (frame.ok) seen.push((frame.message as unknown as { params: { i: number } }).params.i);
              else {
                expect(isLocalError(frame.error) && frame.error.code).toBe(LocalErrorCode.MessageTooLarge);
                tooLarge += 1;
              }
            }
            // Memory stays bounded by the limit whatever the input.
            expect(decoder.bufferedBytes).toBeLessThanOrEqual(max + 1);
          }
          const expected = lines.flatMap((l, i) => (utf8.encode(l).length <= max ? [i] : []));
          expect(seen).toEqual(expected);
          expect(tooLarge).toBe(lines.length - expected.length);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("NdjsonDecoder (examples)", () => {
  it("reassembles a 4-byte character split over four chunks", () => {
    const bytes = utf8.encode(`${JSON.stringify({ jsonrpc: "2.0", method: "😀" })}\n`);
    const at = bytes.indexOf(0xf0);
    const chunks = [
      bytes.subarray(0, at + 1),
      bytes.subarray(at + 1, at + 2),
      bytes.subarray(at + 2, at + 3),
      bytes.subarray(at + 3),
    ];
    expect(messages(new NdjsonDecoder(), chunks)).toEqual([{ jsonrpc: "2.0", method: "😀" }]);
  });

  it("skips blank lines, decodes a last line without newline at end()", () => {
    const decoder = new NdjsonDecoder();
    expect(
      decoder.push('\n\r\n  \n{"jsonrpc":"2.0","method":"a"}\n{"jsonrpc":"2.0","method":"b"}'),
    ).toHaveLength(1);
    expect(decoder.bufferedBytes).toBeGreaterThan(0);
    expect(decoder.end()).toEqual([{ ok: true, message: { jsonrpc: "2.0", method: "b" } }]);
    expect(decoder.end()).toEqual([]);
  });

  it("reports invalid JSON, invalid envelopes and invalid UTF-8 per line and continues", () => {
    const decoder = new NdjsonDecoder();
    const bad = new Uint8Array([0x7b, 0xff, 0xfe, 0x7d, 0x0a]);
    const frames = [
      ...decoder.push("{oops\n"),
      ...decoder.push('[{"jsonrpc":"2.0","method":"a"}]\n'),
      ...decoder.push(bad),
      ...decoder.push('{"jsonrpc":"2.0","method":"ok"}\n'),
    ];
    expect(frames.map((f) => (f.ok ? "ok" : isProtocolError(f.error) ? f.error.code : f.error.code))).toEqual(
      [ErrorCode.ParseError, ErrorCode.InvalidRequest, ErrorCode.ParseError, "ok"],
    );
    const utf8Error = frames[2];
    expect(utf8Error?.ok === false && utf8Error.error.message).toBe("Parse error: invalid UTF-8");
  });

  it("names the limit in the too-large error and reports it before the newline arrives", () => {
    const lines = new NdjsonLineDecoder({ maxMessageBytes: 10 });
    const early = lines.push("x".repeat(11));
    expect(early).toHaveLength(1);
    const first = early[0];
    expect(first?.ok).toBe(false);
    if (first?.ok === false) {
      expect(first.error.message).toMatch(/maximum size of 10 bytes/);
      expect(first.error.data).toEqual({ maxMessageBytes: 10, size: 11 });
    }
    expect(lines.push("yyyy\nabc\n")).toEqual([{ ok: true, line: "abc" }]);
    expect(lines.push("z".repeat(20))).toHaveLength(1);
    expect(lines.end()).toEqual([]);
  });

  it("accepts a line of exactly the limit, with CRLF, and rejects one byte more", () => {
    const lines = new NdjsonLineDecoder({ maxMessageBytes: 5 });
    expect(lines.push("12345\r")).toEqual([]);
    expect(lines.push("\n")).toEqual([{ ok: true, line: "12345" }]);
    expect(lines.push("123456\n")[0]?.ok).toBe(false);
    expect(lines.push("12")).toEqual([]);
    expect(lines.push("3456\n")[0]?.ok).toBe(false);
  });

  it("keeps a high surrogate at the end of a string chunk for the next chunk, or flushes it at end()", () => {
    const lines = new NdjsonLineDecoder();
    expect(lines.push("😀".slice(0, 1))).toEqual([]);
    expect(lines.push(`${"😀".slice(1)}\n`)).toEqual([{ ok: true, line: "😀" }]);
    expect(lines.push("x\uD83D")).toEqual([]);
    // A stream that ends inside a pair: the lone half is encoded as U+FFFD, as TextEncoder does.
    expect(lines.end()).toEqual([{ ok: true, line: "x\uFFFD" }]);
  });

  it("validates its options", () => {
    expect(() => new NdjsonLineDecoder({ maxMessageBytes: 0 })).toThrow(RangeError);
    expect(() => new NdjsonDecoder({ maxMessageBytes: 1.5 })).toThrow(RangeError);
  });

  it("does not keep references to the caller's buffers", () => {
    const decoder = new NdjsonLineDecoder();
    const buffer = utf8.encode('{"a":');
    decoder.push(buffer);
    buffer.fill(0x20);
    expect(decoder.push("1}\n")).toEqual([{ ok: true, line: '{"a":1}' }]);
  });

  it("decodes a 4 MiB message fed in 1 KiB chunks (linear: pieces are joined once)", () => {
    const big = { jsonrpc: "2.0" as const, id: 1, result: { blob: "A".repeat(4 * 1024 * 1024) } };
    const bytes = utf8.encode(encodeNdjson(big));
    const decoder = new NdjsonDecoder();
    const frames = [];
    for (let i = 0; i < bytes.length; i += 1024) frames.push(...decoder.push(bytes.subarray(i, i + 1024)));
    expect(frames).toHaveLength(1);
    expect(frames[0]?.ok && frames[0].message).toEqual(big);
  });
});

describe("encoders", () => {
  it("frames a message as one line", () => {
    expect(encodeNdjson({ jsonrpc: "2.0", method: "a\nb" })).toBe('{"jsonrpc":"2.0","method":"a\\nb"}\n');
    // No scan for raw line breaks any more: JSON.stringify escapes them wherever they sit.
    const line = encodeNdjson({ jsonrpc: "2.0", method: "m", params: { "k\r\n": ["\r", { v: "x\ny" }] } });
    expect(line.slice(0, -1)).not.toMatch(/[\r\n]/);
    expect(JSON.parse(line)).toEqual({
      jsonrpc: "2.0",
      method: "m",
      params: { "k\r\n": ["\r", { v: "x\ny" }] },
    });
  });

  it("rejects embedded newlines and carriage returns", () => {
    for (const json of ['{"a":\n1}', '{"a":\r1}']) {
      try {
        encodeNdjsonLine(json);
        expect.unreachable();
      } catch (error) {
        expect(isLocalError(error) && error.code).toBe(LocalErrorCode.FramingError);
      }
    }
    expect(encodeNdjsonLine("{}")).toBe("{}\n");
  });

  it("rejects what JSON cannot represent", () => {
    expect(() => encodeNdjson(undefined as unknown as JSONRPCMessage)).toThrow(/not serialisable/);
  });
});
