import { describe, expect, it } from "vitest";
import { tokenize } from "./tokenizer.js";

describe("tokenize", () => {
  it("reads numbers, names, operators and punctuation with positions", () => {
    expect(tokenize(" 2.5e1*PI ** (x, 3)")).toEqual([
      { kind: "number", value: 25, position: 1 },
      { kind: "operator", op: "*", position: 6 },
      { kind: "identifier", name: "pi", position: 7 },
      { kind: "operator", op: "^", position: 10 },
      { kind: "lparen", position: 13 },
      { kind: "identifier", name: "x", position: 14 },
      { kind: "comma", position: 15 },
      { kind: "number", value: 3, position: 17 },
      { kind: "rparen", position: 18 },
      { kind: "end", position: 19 },
    ]);
  });

  it("refuses characters outside the grammar", () => {
    expect(() => tokenize("1 + 'a'")).toThrow(/Unexpected character "'" \(at position 5\)/);
    expect(() => tokenize("1 ; 2")).toThrow(/Unexpected character/);
  });

  it("reads a lone dot as a malformed number", () => {
    expect(() => tokenize(".")).toThrow(/Malformed number/);
  });
});
