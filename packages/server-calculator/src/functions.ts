import { CalculatorError } from "./calculator-error.js";
import type { CalculatorLimits } from "./limits.js";

/** Named constants of the grammar (case-insensitive). */
export const CONSTANTS: Readonly<Record<string, number>> = Object.freeze({
  pi: Math.PI,
  e: Math.E,
  tau: 2 * Math.PI,
  phi: (1 + Math.sqrt(5)) / 2,
});

interface MathFunction {
  /** Fewest and most arguments; `Infinity` for variadic. */
  arity: [number, number];
  apply: (args: number[], limits: CalculatorLimits) => number;
}

const unary = (fn: (x: number) => number): MathFunction => ({
  arity: [1, 1],
  apply: (args) => fn(args[0] as number),
});

function factorial(args: number[], limits: CalculatorLimits): number {
  const n = args[0] as number;
  if (!Number.isInteger(n) || n < 0) {
    throw new CalculatorError("MATH", "factorial is defined for non-negative integers only");
  }
  if (n > limits.maxFactorial) {
    throw new CalculatorError("LIMIT", `factorial argument too large (at most ${limits.maxFactorial})`);
  }
  let result = 1;
  for (let i = 2; i <= n; i += 1) result *= i;
  return result;
}

/** The fixed set of functions of the grammar (case-insensitive). `log` is base 10, `ln` natural. */
export const FUNCTIONS: Readonly<Record<string, MathFunction>> = Object.freeze({
  sqrt: unary(Math.sqrt),
  cbrt: unary(Math.cbrt),
  abs: unary(Math.abs),
  exp: unary(Math.exp),
  ln: unary(Math.log),
  log: {
    arity: [1, 2],
    apply: ([x, base]) =>
      base === undefined ? Math.log10(x as number) : Math.log(x as number) / Math.log(base),
  },
  log2: unary(Math.log2),
  log10: unary(Math.log10),
  sin: unary(Math.sin),
  cos: unary(Math.cos),
  tan: unary(Math.tan),
  asin: unary(Math.asin),
  acos: unary(Math.acos),
  atan: unary(Math.atan),
  atan2: { arity: [2, 2], apply: ([y, x]) => Math.atan2(y as number, x as number) },
  sinh: unary(Math.sinh),
  cosh: unary(Math.cosh),
  tanh: unary(Math.tanh),
  floor: unary(Math.floor),
  ceil: unary(Math.ceil),
  round: unary(Math.round),
  trunc: unary(Math.trunc),
  sign: unary(Math.sign),
  min: { arity: [1, 100], apply: (args) => Math.min(...args) },
  max: { arity: [1, 100], apply: (args) => Math.max(...args) },
  hypot: { arity: [1, 100], apply: (args) => Math.hypot(...args) },
  factorial: { arity: [1, 1], apply: factorial },
});
