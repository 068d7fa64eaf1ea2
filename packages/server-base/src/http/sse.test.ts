import { describe, expect, it } from "vitest";
import { encodeSseEvent, SseWriter } from "./sse.js";

describe("encodeSseEvent", () => {
  it("writes id, event, retry and one data line per line, ending with a blank line", () => {
    expect(encodeSseEvent({ id: "s_1", event: "message", data: '{"a":1}' })).toBe(
      'id: s_1\nevent: message\ndata: {"a":1}\n\n',
    );
    expect(encodeSseEvent({ id: "p", retry: 1500.7, data: "" })).toBe("id: p\nretry: 1500\ndata: \n\n");
    expect(encodeSseEvent({ data: "a\nb\r\nc" })).toBe("data: a\ndata: b\ndata: c\n\n");
    expect(encodeSseEvent({ id: "x\ny", event: "e\r" })).toBe("id: xy\nevent: e\n\n");
  });
});

describe("SseWriter", () => {
  it("streams written events and ends on close; writes after close are refused", async () => {
    const writer = new SseWriter();
    expect(writer.write({ data: "1" })).toBe(true);
    writer.close();
    expect(writer.closed).toBe(true);
    expect(writer.write({ data: "2" })).toBe(false);
    expect(await new Response(writer.stream).text()).toBe("data: 1\n\n");
  });

  it("reports a client that went away and sends keep-alive comments", async () => {
    const writer = new SseWriter({ keepAliveMs: 10 });
    let cancelled = false;
    writer.onCancel = () => {
      cancelled = true;
    };
    const reader = writer.stream.pipeThrough(new TextDecoderStream()).getReader();
    const { value } = await reader.read();
    expect(value).toBe(": keep-alive\n\n");
    await reader.cancel();
    expect(cancelled).toBe(true);
    expect(writer.closed).toBe(true);
    writer.close();
  });
});
