import { describe, expect, it } from "vitest";
import { TextRingBuffer } from "./ring-buffer.js";

describe("TextRingBuffer", () => {
  it("keeps everything under the capacity", () => {
    const buffer = new TextRingBuffer(10);
    buffer.write("abc");
    buffer.write("");
    buffer.write("def");
    expect(buffer.toString()).toBe("abcdef");
    expect(buffer.length).toBe(6);
    expect(buffer.droppedChars).toBe(0);
  });

  it("drops the oldest characters first, across chunk boundaries", () => {
    const buffer = new TextRingBuffer(5);
    buffer.write("abc");
    buffer.write("de");
    buffer.write("fg");
    expect(buffer.toString()).toBe("cdefg");
    buffer.write("hijk");
    expect(buffer.toString()).toBe("ghijk");
    expect(buffer.droppedChars).toBe(6);
  });

  it("keeps only the tail of a write larger than the capacity", () => {
    const buffer = new TextRingBuffer(4);
    buffer.write("ab");
    buffer.write("0123456789");
    expect(buffer.toString()).toBe("6789");
    expect(buffer.length).toBe(4);
    expect(buffer.droppedChars).toBe(8);
  });

  it("stays bounded under many writes", () => {
    const buffer = new TextRingBuffer(100);
    for (let i = 0; i < 10_000; i++) buffer.write(`line ${i}\n`);
    expect(buffer.length).toBe(100);
    expect(buffer.toString().endsWith("line 9999\n")).toBe(true);
  });

  it("clears and rejects a bad capacity", () => {
    const buffer = new TextRingBuffer(3);
    buffer.write("xyz");
    buffer.clear();
    expect(buffer.toString()).toBe("");
    expect(() => new TextRingBuffer(0)).toThrow(RangeError);
    expect(() => new TextRingBuffer(1.5)).toThrow(RangeError);
  });
});
