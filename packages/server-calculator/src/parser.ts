// Recursive descent over the grammar (lowest to highest precedence):
//   expression := term (("+" | "-") term)*
//   term       := unary (("*" | "/" | "%") unary)*
//   unary      := ("+" | "-") unary | power
//   power      := primary ("^" unary)?            right-associative; -2^2 = -4, 2^-1 = 0.5
//   primary    := number | name | name "(" [expression ("," expression)*] ")" | "(" expression ")"
// Every recursive step counts against `maxDepth`, so nesting is refused long before the stack is.
import { CalculatorError } from "./calculator-error.js";
import type { CalculatorLimits } from "./limits.js";
import { Lexer, type Token } from "./tokenizer.js";

/** The parsed form of an expression. */
export type ExpressionNode =
  | { type: "number"; value: number; position: number }
  | { type: "name"; name: string; position: number }
  | { type: "unary"; op: "+" | "-"; operand: ExpressionNode; position: number }
  | {
      type: "binary";
      op: "+" | "-" | "*" | "/" | "%" | "^";
      left: ExpressionNode;
      right: ExpressionNode;
      position: number;
    }
  | { type: "call"; name: string; args: ExpressionNode[]; position: number };

/** Parses `source` into a tree, enforcing the length and depth caps. */
export function parseExpression(
  source: string,
  limits: Pick<CalculatorLimits, "maxLength" | "maxDepth">,
): ExpressionNode {
  if (source.length > limits.maxLength) {
    throw new CalculatorError(
      "LIMIT",
      `Expression is too long: ${source.length} characters, at most ${limits.maxLength} allowed`,
    );
  }
  const parser = new Parser(new Lexer(source), limits.maxDepth);
  const tree = parser.expression();
  parser.expectEnd();
  return tree;
}

class Parser {
  #depth = 0;

  constructor(
    private readonly lexer: Lexer,
    private readonly maxDepth: number,
  ) {}

  expression(): ExpressionNode {
    return this.#nested(() => {
      let left = this.#term();
      for (let token = this.#peek(); isOperator(token, "+", "-"); token = this.#peek()) {
        this.lexer.next();
        left = { type: "binary", op: token.op as "+", left, right: this.#term(), position: token.position };
      }
      return left;
    });
  }

  expectEnd(): void {
    const token = this.#peek();
    if (token.kind !== "end") throw unexpected(token);
  }

  #term(): ExpressionNode {
    let left = this.#unary();
    for (let token = this.#peek(); isOperator(token, "*", "/", "%"); token = this.#peek()) {
      this.lexer.next();
      left = { type: "binary", op: token.op as "*", left, right: this.#unary(), position: token.position };
    }
    return left;
  }

  #unary(): ExpressionNode {
    const token = this.#peek();
    if (isOperator(token, "+", "-")) {
      this.lexer.next();
      return this.#nested(() => ({
        type: "unary",
        op: token.op as "+" | "-",
        operand: this.#unary(),
        position: token.position,
      }));
    }
    return this.#power();
  }

  #power(): ExpressionNode {
    const base = this.#primary();
    const token = this.#peek();
    if (!isOperator(token, "^")) return base;
    this.lexer.next();
    return this.#nested(() => ({
      type: "binary",
      op: "^",
      left: base,
      right: this.#unary(),
      position: token.position,
    }));
  }

  #primary(): ExpressionNode {
    const token = this.#next();
    if (token.kind === "number") return { type: "number", value: token.value, position: token.position };
    if (token.kind === "lparen") {
      const inner = this.expression();
      this.#expect("rparen", "Missing closing parenthesis");
      return inner;
    }
    if (token.kind === "identifier") {
      if (this.#peek().kind !== "lparen") return { type: "name", name: token.name, position: token.position };
      this.lexer.next();
      const args: ExpressionNode[] = [];
      if (this.#peek().kind !== "rparen") {
        args.push(this.expression());
        while (this.#peek().kind === "comma") {
          this.lexer.next();
          args.push(this.expression());
        }
      }
      this.#expect("rparen", `Missing ")" after the arguments of ${token.name}`);
      return { type: "call", name: token.name, args, position: token.position };
    }
    throw unexpected(token);
  }

  #nested<T>(step: () => T): T {
    this.#depth += 1;
    if (this.#depth > this.maxDepth) {
      throw new CalculatorError(
        "LIMIT",
        `Expression is nested too deeply (more than ${this.maxDepth} levels)`,
        this.#peek().position,
      );
    }
    try {
      return step();
    } finally {
      this.#depth -= 1;
    }
  }

  #expect(kind: Token["kind"], message: string): void {
    const token = this.#next();
    if (token.kind !== kind) {
      throw new CalculatorError(
        "SYNTAX",
        token.kind === "end" ? message : `${message}, found ${describe(token)}`,
        token.position,
      );
    }
  }

  #peek(): Token {
    return this.lexer.peek();
  }

  #next(): Token {
    return this.lexer.next();
  }
}

function isOperator(token: Token, ...ops: string[]): token is Extract<Token, { kind: "operator" }> {
  return token.kind === "operator" && ops.includes(token.op);
}

function describe(token: Token): string {
  switch (token.kind) {
    case "number":
      return `number ${token.value}`;
    case "identifier":
      return `"${token.name}"`;
    case "operator":
      return `"${token.op}"`;
    case "lparen":
      return `"("`;
    case "rparen":
      return `")"`;
    case "comma":
      return `","`;
    default:
      return "end of expression";
  }
}

function unexpected(token: Token): CalculatorError {
  if (token.kind === "end")
    return new CalculatorError("SYNTAX", "Unexpected end of expression", token.position);
  return new CalculatorError("SYNTAX", `Unexpected ${describe(token)}`, token.position);
}
