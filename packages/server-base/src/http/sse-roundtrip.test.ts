import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseAccept } from "./http-errors.js";
import { encodeSseEvent } from "./sse.js";
import { parseSse } from "./test-support/sse-reader.js";

describe("SSE framing (property)", () => {
  it("any JSON-RPC message survives encode -> parse as one event with its id", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.stringMatching(/^[A-Za-z0-9._-]{1,40}$/), (value, id) => {
        const data = JSON.stringify({ jsonrpc: "2.0", method: "m", params: { value } });
        const events = parseSse(encodeSseEvent({ id, event: "message", data }));
        expect(events).toHaveLength(1);
        expect(events[0]).toMatchObject({ id, event: "message" });
        expect(JSON.parse(events[0]?.data ?? "")).toEqual(JSON.parse(data));
      }),
    );
  });

  it("multi-line data is rejoined exactly (newlines normalised to \\n)", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string().filter((s) => !/[\r\n]/.test(s)),
          { minLength: 1, maxLength: 5 },
        ),
        (lines) => {
          const events = parseSse(encodeSseEvent({ data: lines.join("\n") }));
          expect(events[0]?.data).toBe(lines.join("\n"));
        },
      ),
    );
  });
});

describe("parseAccept", () => {
  it("reads JSON and SSE from real-world Accept headers", () => {
    expect(parseAccept("application/json, text/event-stream")).toEqual({ json: true, sse: true });
    expect(parseAccept("text/event-stream")).toEqual({ json: false, sse: true });
    expect(parseAccept("application/json;q=0.9")).toEqual({ json: true, sse: false });
    expect(parseAccept("*/*")).toEqual({ json: true, sse: true });
    expect(parseAccept("application/*, text/*")).toEqual({ json: true, sse: true });
    expect(parseAccept("text/event-stream;q=0, application/json")).toEqual({ json: true, sse: false });
    expect(parseAccept(null)).toEqual({ json: false, sse: false });
    expect(parseAccept("  ")).toEqual({ json: false, sse: false });
    expect(parseAccept("text/html")).toEqual({ json: false, sse: false });
  });
});
