import { checkResult, divide, modulo, power } from "./arithmetic.js";
import { CalculatorError } from "./calculator-error.js";
import { CONSTANTS, FUNCTIONS } from "./functions.js";
import { type CalculatorLimits, DEFAULT_LIMITS } from "./limits.js";
import { type ExpressionNode, parseExpression } from "./parser.js";

/**
 * Evaluates an arithmetic expression with the calculator's own grammar: numbers, `+ - * / ^ %`
 * (`**` as `^`), parentheses, the functions of {@link FUNCTIONS} and the constants of
 * {@link CONSTANTS}. No `eval`; every cap of {@link CalculatorLimits} applies.
 *
 * @example
 * ```ts
 * evaluateExpression("2 * (3 + 4) ^ 2"); // 98
 * evaluateExpression("9^9^9^9");         // throws CalculatorError LIMIT (exponent too large)
 * ```
 */
export function evaluateExpression(source: string, limits: Partial<CalculatorLimits> = {}): number {
  const effective: CalculatorLimits = { ...DEFAULT_LIMITS, ...limits };
  const tree = parseExpression(source, effective);
  return evaluateNode(tree, effective);
}

function evaluateNode(node: ExpressionNode, limits: CalculatorLimits): number {
  switch (node.type) {
    case "number":
      return checkResult(node.value, limits, node.position);
    case "name": {
      const value = CONSTANTS[node.name];
      if (value === undefined) {
        const hint = FUNCTIONS[node.name] ? ` (${node.name} is a function: write ${node.name}(...))` : "";
        throw new CalculatorError("SYNTAX", `Unknown constant "${node.name}"${hint}`, node.position);
      }
      return value;
    }
    case "unary": {
      const operand = evaluateNode(node.operand, limits);
      return node.op === "-" ? checkResult(-operand, limits) : operand;
    }
    case "binary": {
      const left = evaluateNode(node.left, limits);
      const right = evaluateNode(node.right, limits);
      switch (node.op) {
        case "+":
          return checkResult(left + right, limits, node.position);
        case "-":
          return checkResult(left - right, limits, node.position);
        case "*":
          return checkResult(left * right, limits, node.position);
        case "/":
          return divide(left, right, limits, node.position);
        case "%":
          return modulo(left, right, limits, node.position);
        default:
          return power(left, right, limits, node.position);
      }
    }
    case "call": {
      const fn = FUNCTIONS[node.name];
      if (!fn) throw new CalculatorError("SYNTAX", `Unknown function "${node.name}"`, node.position);
      const [min, max] = fn.arity;
      if (node.args.length < min || node.args.length > max) {
        const expected = min === max ? `${min}` : `${min} to ${max}`;
        throw new CalculatorError(
          "SYNTAX",
          `${node.name} takes ${expected} argument${max === 1 ? "" : "s"}, got ${node.args.length}`,
          node.position,
        );
      }
      const args = node.args.map((arg) => evaluateNode(arg, limits));
      try {
        return checkResult(fn.apply(args, limits), limits, node.position);
      } catch (error) {
        if (error instanceof CalculatorError && error.position === undefined) {
          throw new CalculatorError(error.code, error.message, node.position);
        }
        throw error;
      }
    }
  }
}
