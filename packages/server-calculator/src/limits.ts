/** Caps that bound the cost of any expression; every one of them yields a clear error. */
export interface CalculatorLimits {
  /** Longest accepted expression, in characters. */
  maxLength: number;
  /** Deepest nesting of parentheses, unary signs, powers and function calls. */
  maxDepth: number;
  /** Largest accepted |exponent| in `a ^ b` (so `9^9^9^9` fails on the first `9^9`). */
  maxExponent: number;
  /** Largest accepted |result| of any step. */
  maxMagnitude: number;
  /** Largest accepted argument of `factorial`. */
  maxFactorial: number;
}

/**
 * The defaults: 1,000 characters, depth 64, |exponent| <= 10,000, |value| <= 1e300, 170!.
 *
 * @example
 * ```ts
 * evaluateExpression("2^10", { ...DEFAULT_LIMITS, maxExponent: 8 }); // throws LIMIT
 * ```
 */
export const DEFAULT_LIMITS: Readonly<CalculatorLimits> = Object.freeze({
  maxLength: 1_000,
  maxDepth: 64,
  maxExponent: 10_000,
  maxMagnitude: 1e300,
  maxFactorial: 170,
});
