import { describe, expect, it } from "vitest";
import { isCalculatorError } from "./calculator-error.js";
import { evaluateExpression } from "./evaluator.js";

function refusal(source: string, limits = {}) {
  try {
    evaluateExpression(source, limits);
  } catch (error) {
    if (isCalculatorError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error(`"${source}" was accepted`);
}

describe("evaluateExpression", () => {
  it.each([
    ["1 + 2 * 3", 7],
    ["(1 + 2) * 3", 9],
    ["2 ^ 3 ^ 2", 512],
    ["2 ** 10", 1024],
    ["-2 ^ 2", -4],
    ["2 ^ -1", 0.5],
    ["--3", 3],
    ["+4", 4],
    ["7 % 4", 3],
    ["-7 % 4", -3],
    ["10 / 4", 2.5],
    ["1.5e3 + .5", 1500.5],
    ["sqrt(16) + abs(-3)", 7],
    ["max(1, 5, 3) - min(4, 2)", 3],
    ["log(1000)", 3],
    ["log(8, 2)", 3],
    ["ln(e)", 1],
    ["round(PI * 100)", 314],
    ["factorial(5)", 120],
    ["hypot(3, 4)", 5],
    ["atan2(0, 1)", 0],
    ["floor(-0.5)", -1],
    ["0 * -1", 0],
  ])("%s = %d", (source, expected) => {
    expect(evaluateExpression(source)).toBeCloseTo(expected, 10);
  });

  it("refuses syntax errors with positions", () => {
    expect(refusal("1 +")).toEqual({
      code: "SYNTAX",
      message: "Unexpected end of expression (at position 4)",
    });
    expect(refusal("(1 + 2")).toMatchObject({
      code: "SYNTAX",
      message: expect.stringMatching(/closing parenthesis/),
    });
    expect(refusal("1 2")).toMatchObject({
      code: "SYNTAX",
      message: expect.stringMatching(/Unexpected number 2/),
    });
    expect(refusal("1 $ 2").message).toMatch(/Unexpected character "\$" \(at position 3\)/);
    expect(refusal("foo(1)").message).toMatch(/Unknown function "foo"/);
    expect(refusal("x + 1").message).toMatch(/Unknown constant "x"/);
    expect(refusal("sqrt + 1").message).toMatch(/sqrt is a function/);
    expect(refusal("sqrt(1, 2)").message).toMatch(/sqrt takes 1 argument, got 2/);
    expect(refusal("atan2(1)").message).toMatch(/atan2 takes 2 arguments, got 1/);
    expect(refusal("max()").message).toMatch(/max takes 1 to 100 arguments, got 0/);
    expect(refusal("max(1, 2").message).toMatch(/Missing "\)" after the arguments of max/);
    expect(refusal("max(1 2)").message).toMatch(/found number 2/);
    expect(refusal(")").message).toMatch(/Unexpected "\)"/);
    expect(refusal("'a'").code).toBe("SYNTAX");
    expect(refusal("").message).toMatch(/end of expression/);
  });

  it("refuses mathematical impossibilities", () => {
    expect(refusal("1 / 0")).toMatchObject({
      code: "MATH",
      message: expect.stringMatching(/Division by zero/),
    });
    expect(refusal("1 % 0").message).toMatch(/Modulo by zero/);
    expect(refusal("0 ^ -1").message).toMatch(/Division by zero/);
    expect(refusal("(-8) ^ 0.5").message).toMatch(/not a real number/);
    expect(refusal("sqrt(-1)").code).toBe("MATH");
    expect(refusal("factorial(2.5)").code).toBe("MATH");
  });

  it("bounds exponent size, magnitude and factorial", () => {
    expect(refusal("9^9^9^9")).toMatchObject({
      code: "LIMIT",
      message: expect.stringMatching(/Exponent 387420489 is too large/),
    });
    expect(refusal("10 ^ 400").message).toMatch(/too large in magnitude/);
    expect(refusal("1e308 * 10").code).toBe("LIMIT");
    expect(refusal("1e999").code).toBe("LIMIT");
    expect(refusal("ln(0)").code).toBe("LIMIT");
    expect(refusal("factorial(171)").message).toMatch(/factorial argument too large \(at most 170\)/);
    expect(refusal("2 ^ 10", { maxExponent: 5 }).code).toBe("LIMIT");
  });

  it("bounds length and nesting depth without exhausting the stack", () => {
    const million = `${"(".repeat(1_000_000)}1${")".repeat(1_000_000)}`;
    expect(refusal(million).message).toMatch(/too long: 2000001 characters/);
    expect(refusal(million, { maxLength: 3_000_000 }).message).toMatch(
      /nested too deeply \(more than 64 levels\)/,
    );
    expect(refusal(`${"-".repeat(100)}1`).message).toMatch(/nested too deeply/);
    expect(refusal(`2${"^2".repeat(100)}`).message).toMatch(/nested too deeply/);
    expect(evaluateExpression(`${"(".repeat(60)}1${")".repeat(60)}`)).toBe(1);
    expect(evaluateExpression(Array(400).fill("1").join("+"))).toBe(400);
  });
});
