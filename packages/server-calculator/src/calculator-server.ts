import { McpServer } from "@mcp/server-base";
import { z } from "zod";
import { checkResult, divide, power } from "./arithmetic.js";
import { evaluateExpression } from "./evaluator.js";
import { type CalculatorLimits, DEFAULT_LIMITS } from "./limits.js";
import { VERSION } from "./version.js";

/** Options of {@link createCalculatorServer}. */
export interface CalculatorServerOptions {
  /** Caps of the evaluator (and of `power`); {@link DEFAULT_LIMITS} where omitted. */
  limits?: Partial<CalculatorLimits>;
}

const ANNOTATIONS = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
};
const OUTPUT = { result: z.number().describe("The result") };
const PAIR = { a: z.number().describe("First operand"), b: z.number().describe("Second operand") };

/**
 * The calculator MCP server: `add`, `subtract`, `multiply`, `divide`, `power` and `evaluate`,
 * each returning `{ result }` as structured output. Errors (division by zero, a cap hit, bad
 * syntax) are `isError` results with a clear message, never a crash.
 *
 * @example
 * ```ts
 * import { serveStdio } from "@mcp/server-base/stdio";
 * await serveStdio(createCalculatorServer());
 * ```
 */
export function createCalculatorServer(options: CalculatorServerOptions = {}): McpServer {
  const limits: CalculatorLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const server = new McpServer(
    { name: "mcp-server-calculator", title: "Calculator", version: VERSION },
    { instructions: "Arithmetic on JSON numbers. Use `evaluate` for whole expressions." },
  );
  const binary = (name: string, title: string, description: string, op: (a: number, b: number) => number) =>
    server.registerTool(
      name,
      { title, description, inputSchema: PAIR, outputSchema: OUTPUT, annotations: { title, ...ANNOTATIONS } },
      ({ a, b }) => ({ structuredContent: { result: op(a, b) } }),
    );
  binary("add", "Add", "a + b", (a, b) => checkResult(a + b, limits));
  binary("subtract", "Subtract", "a - b", (a, b) => checkResult(a - b, limits));
  binary("multiply", "Multiply", "a × b", (a, b) => checkResult(a * b, limits));
  binary("divide", "Divide", "a ÷ b (division by zero is an error result)", (a, b) => divide(a, b, limits));
  server.registerTool(
    "power",
    {
      title: "Power",
      description: `base ^ exponent (|exponent| at most ${limits.maxExponent})`,
      inputSchema: { base: z.number().describe("Base"), exponent: z.number().describe("Exponent") },
      outputSchema: OUTPUT,
      annotations: { title: "Power", ...ANNOTATIONS },
    },
    ({ base, exponent }) => ({ structuredContent: { result: power(base, exponent, limits) } }),
  );
  server.registerTool(
    "evaluate",
    {
      title: "Evaluate expression",
      description:
        "Evaluates an arithmetic expression: numbers, + - * / ^ % (** = ^), parentheses, constants pi e tau phi, " +
        "functions sqrt cbrt abs exp ln log log2 log10 sin cos tan asin acos atan atan2 sinh cosh tanh " +
        "floor ceil round trunc sign min max hypot factorial. " +
        `At most ${limits.maxLength} characters and ${limits.maxDepth} levels of nesting.`,
      inputSchema: { expression: z.string().describe("For example: 2 * (3 + 4) ^ 2") },
      outputSchema: OUTPUT,
      annotations: { title: "Evaluate expression", ...ANNOTATIONS },
    },
    ({ expression }) => ({ structuredContent: { result: evaluateExpression(expression, limits) } }),
  );
  return server;
}
