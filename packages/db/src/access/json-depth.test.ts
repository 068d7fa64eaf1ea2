import { describe, expect, it } from "vitest";
import { exceedsJsonDepth } from "./json-depth.js";

const LIMIT = 128;

const nested = (levels: number) => {
  let value: unknown = "leaf";
  for (let i = 0; i < levels; i++) value = i % 2 ? [value] : { k: value };
  return value;
};

describe("exceedsJsonDepth", () => {
  it("counts arrays and objects, not scalars", () => {
    expect(exceedsJsonDepth("text", 0)).toBe(false);
    expect(exceedsJsonDepth({}, 0)).toBe(true);
    expect(exceedsJsonDepth({ a: [1, { b: 2 }] }, 3)).toBe(false);
    expect(exceedsJsonDepth({ a: [1, { b: 2 }] }, 2)).toBe(true);
  });

  it("accepts the limit and refuses one more, however wide the value", () => {
    expect(exceedsJsonDepth(nested(LIMIT), LIMIT)).toBe(false);
    expect(exceedsJsonDepth(nested(LIMIT + 1), LIMIT)).toBe(true);
    expect(exceedsJsonDepth({ wide: Array.from({ length: 10_000 }, () => ({ x: [1] })) }, LIMIT)).toBe(false);
  });

  it("does not overflow the stack on a value a million levels deep", () => {
    expect(exceedsJsonDepth(nested(1_000_000), LIMIT)).toBe(true);
  });
});
