const CALCULATOR_ERROR_BRAND = Symbol.for("mcp.server-calculator.CalculatorError");

/** Why an expression was refused: bad syntax, a cap hit, or a mathematical impossibility. */
export type CalculatorErrorCode = "SYNTAX" | "LIMIT" | "MATH";

/**
 * A clear, user-facing refusal of an expression; `position` is the 0-based offset of the culprit.
 *
 * @example
 * ```ts
 * try { evaluateExpression("1 +"); } catch (e) { if (isCalculatorError(e)) console.log(e.message); }
 * ```
 */
export class CalculatorError extends Error {
  readonly code: CalculatorErrorCode;
  readonly position: number | undefined;
  readonly [CALCULATOR_ERROR_BRAND] = true;

  constructor(code: CalculatorErrorCode, message: string, position?: number) {
    super(position === undefined ? message : `${message} (at position ${position + 1})`);
    this.name = "CalculatorError";
    this.code = code;
    this.position = position;
  }
}

/**
 * True for a {@link CalculatorError}, even from another copy of this package.
 *
 * @example
 * ```ts
 * if (isCalculatorError(error)) return { isError: true, content: [{ type: "text", text: error.message }] };
 * ```
 */
export function isCalculatorError(value: unknown): value is CalculatorError {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<symbol, unknown>)[CALCULATOR_ERROR_BRAND] === true
  );
}
