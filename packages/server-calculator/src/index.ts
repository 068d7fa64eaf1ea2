/**
 * Public API of @mcp/server-calculator: the server factory, the expression evaluator, its
 * limits and its error type.
 */

export { CalculatorError, type CalculatorErrorCode, isCalculatorError } from "./calculator-error.js";
export { type CalculatorServerOptions, createCalculatorServer } from "./calculator-server.js";
export { evaluateExpression } from "./evaluator.js";
export { CONSTANTS, FUNCTIONS } from "./functions.js";
export { type CalculatorLimits, DEFAULT_LIMITS } from "./limits.js";
export { VERSION } from "./version.js";
