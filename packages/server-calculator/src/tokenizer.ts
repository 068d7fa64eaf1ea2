import { CalculatorError } from "./calculator-error.js";

/** One lexical token with its 0-based start offset. */
export type Token =
  | { kind: "number"; value: number; position: number }
  | { kind: "identifier"; name: string; position: number }
  | { kind: "operator"; op: "+" | "-" | "*" | "/" | "^" | "%"; position: number }
  | { kind: "lparen" | "rparen" | "comma" | "end"; position: number };

const NUMBER = /\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?/y;
const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/y;
const WHITESPACE = /[ \t\r\n]*/y;
const SINGLE: Record<string, Token["kind"] | "operator"> = {
  "+": "operator",
  "-": "operator",
  "*": "operator",
  "/": "operator",
  "^": "operator",
  "%": "operator",
  "(": "lparen",
  ")": "rparen",
  ",": "comma",
};

/**
 * Reads tokens on demand, so the parser can refuse a too-deep expression after its first few
 * dozen tokens instead of tokenising all of it first. Anything outside the grammar is a SYNTAX
 * error.
 */
export class Lexer {
  #index = 0;
  #current: Token;

  constructor(private readonly source: string) {
    this.#current = this.#read();
  }

  /** The current token, not consumed. */
  peek(): Token {
    return this.#current;
  }

  /** Consumes and returns the current token (the end token is never consumed). */
  next(): Token {
    const token = this.#current;
    if (token.kind !== "end") this.#current = this.#read();
    return token;
  }

  #read(): Token {
    const source = this.source;
    WHITESPACE.lastIndex = this.#index;
    WHITESPACE.exec(source);
    const index = WHITESPACE.lastIndex;
    if (index >= source.length) {
      this.#index = index;
      return { kind: "end", position: source.length };
    }
    const char = source[index] as string;
    if ((char >= "0" && char <= "9") || char === ".") {
      NUMBER.lastIndex = index;
      const match = NUMBER.exec(source);
      if (!match) throw new CalculatorError("SYNTAX", "Malformed number", index);
      this.#index = index + match[0].length;
      return { kind: "number", value: Number(match[0]), position: index };
    }
    IDENTIFIER.lastIndex = index;
    const identifier = IDENTIFIER.exec(source);
    if (identifier) {
      this.#index = index + identifier[0].length;
      return { kind: "identifier", name: identifier[0].toLowerCase(), position: index };
    }
    if (char === "*" && source[index + 1] === "*") {
      // `**` is accepted as a synonym of `^`, as people type it from programming languages.
      this.#index = index + 2;
      return { kind: "operator", op: "^", position: index };
    }
    const kind = SINGLE[char];
    if (kind === undefined) throw new CalculatorError("SYNTAX", `Unexpected character "${char}"`, index);
    this.#index = index + 1;
    if (kind === "operator") return { kind, op: char as "+", position: index };
    return { kind: kind as "lparen", position: index };
  }
}

/**
 * Splits a whole expression into tokens (the last one is `end`).
 *
 * @example
 * ```ts
 * tokenize("2*pi").map((t) => t.kind); // ["number", "operator", "identifier", "end"]
 * ```
 */
export function tokenize(source: string): Token[] {
  const lexer = new Lexer(source);
  const tokens: Token[] = [lexer.peek()];
  while (lexer.peek().kind !== "end") {
    lexer.next();
    tokens.push(lexer.peek());
  }
  return tokens;
}
