import { describe, expect, it } from "vitest";
import { toJsonValue } from "./values.js";

describe("toJsonValue", () => {
  it("keeps exact integers as numbers and larger ones as strings", () => {
    expect(toJsonValue(12n)).toBe(12);
    expect(toJsonValue(2n ** 64n)).toBe("18446744073709551616");
    expect(toJsonValue(-(2n ** 60n))).toBe("-1152921504606846976");
  });

  it("carries dates, binary, non-finite numbers and nested values", () => {
    expect(toJsonValue(new Date(0))).toBe("1970-01-01T00:00:00.000Z");
    expect(toJsonValue(new Date(Number.NaN))).toBe("Invalid Date");
    expect(toJsonValue(new Uint8Array([0, 255]))).toBe("AP8=");
    expect(toJsonValue(Number.POSITIVE_INFINITY)).toBe("Infinity");
    expect(toJsonValue({ a: [1n, null, undefined] })).toEqual({ a: [1, null, null] });
    expect(toJsonValue("text")).toBe("text");
    expect(toJsonValue(true)).toBe(true);
    expect(toJsonValue(undefined)).toBeNull();
  });
});
