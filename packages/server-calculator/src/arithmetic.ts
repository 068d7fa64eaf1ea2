// Checked arithmetic shared by the single-operation tools and the expression evaluator: every
// result is finite and within the magnitude cap, or the caller gets a CalculatorError.
import { CalculatorError } from "./calculator-error.js";
import type { CalculatorLimits } from "./limits.js";

type MagnitudeLimits = Pick<CalculatorLimits, "maxMagnitude">;

/** Refuses NaN (MATH), infinities and values beyond the cap (LIMIT); normalises -0 to 0. */
export function checkResult(value: number, limits: MagnitudeLimits, position?: number): number {
  if (Number.isNaN(value)) {
    throw new CalculatorError("MATH", "The result is not a real number", position);
  }
  if (!Number.isFinite(value) || Math.abs(value) > limits.maxMagnitude) {
    throw new CalculatorError(
      "LIMIT",
      `The result is too large in magnitude (limit ${limits.maxMagnitude})`,
      position,
    );
  }
  return value === 0 ? 0 : value;
}

/** `a / b`; division by zero is a MATH error. */
export function divide(a: number, b: number, limits: MagnitudeLimits, position?: number): number {
  if (b === 0) throw new CalculatorError("MATH", "Division by zero", position);
  return checkResult(a / b, limits, position);
}

/** `a % b` with the sign of `a` (as in JavaScript); modulo by zero is a MATH error. */
export function modulo(a: number, b: number, limits: MagnitudeLimits, position?: number): number {
  if (b === 0) throw new CalculatorError("MATH", "Modulo by zero", position);
  return checkResult(a % b, limits, position);
}

/** `base ^ exponent` with the exponent cap checked before any work. */
export function power(
  base: number,
  exponent: number,
  limits: Pick<CalculatorLimits, "maxMagnitude" | "maxExponent">,
  position?: number,
): number {
  if (Math.abs(exponent) > limits.maxExponent) {
    throw new CalculatorError(
      "LIMIT",
      `Exponent ${exponent} is too large (|exponent| at most ${limits.maxExponent})`,
      position,
    );
  }
  if (base === 0 && exponent < 0) throw new CalculatorError("MATH", "Division by zero", position);
  if (base < 0 && !Number.isInteger(exponent)) {
    throw new CalculatorError(
      "MATH",
      "A negative number to a fractional power is not a real number",
      position,
    );
  }
  return checkResult(base ** exponent, limits, position);
}
