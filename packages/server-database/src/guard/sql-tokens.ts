import { rejected } from "../errors.js";

/** A token outside strings, quoted identifiers and comments. */
export interface SqlToken {
  kind: "word" | "punct" | "quoted" | "string" | "number";
  /** Upper-cased for words; the raw text otherwise. */
  text: string;
}

/**
 * Splits MySQL/MariaDB or SQLite text into tokens, following each dialect's comment and quote
 * rules. Refuses what it cannot read with certainty: MySQL executable comments (`/*!`, `/*M!`),
 * which the server runs but parsers treat as comments, and unterminated strings or comments.
 *
 * @example
 * ```ts
 * tokenizeSql("select `a` from t -- x", "mysql").map((t) => t.text); // ["SELECT", "`a`", "FROM", "T"]
 * ```
 */
export function tokenizeSql(sql: string, dialect: "mysql" | "sqlite"): SqlToken[] {
  const tokens: SqlToken[] = [];
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i] as string;
    const next = sql[i + 1] ?? "";
    if (/\s/.test(c)) {
      i++;
    } else if (c === "-" && next === "-" && (dialect === "sqlite" || /[\s]|^$/.test(sql[i + 2] ?? ""))) {
      // MySQL needs whitespace (or the end) after "--"; otherwise "--1" is minus minus one.
      i = endOfLine(sql, i);
    } else if (c === "#" && dialect === "mysql") {
      i = endOfLine(sql, i);
    } else if (c === "/" && next === "*") {
      if (dialect === "mysql" && /^\/\*(!|M!|\+)/.test(sql.slice(i, i + 4))) {
        throw rejected("MySQL executable comments (/*! ... */) and optimizer hints are not allowed");
      }
      const end = sql.indexOf("*/", i + 2);
      if (end < 0) throw rejected("unterminated comment");
      i = end + 2;
    } else if (c === "'" || (c === '"' && dialect === "mysql")) {
      const end = endOfQuoted(sql, i, c, dialect === "mysql");
      tokens.push({ kind: "string", text: sql.slice(i, end) });
      i = end;
    } else if (c === "`" || c === '"' || (c === "[" && dialect === "sqlite")) {
      const close = c === "[" ? "]" : c;
      const end = endOfQuoted(sql, i, close, false);
      tokens.push({ kind: "quoted", text: sql.slice(i, end) });
      i = end;
    } else if (/[A-Za-z_$\u0080-\uffff]/.test(c)) {
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_$\u0080-\uffff]/.test(sql[j] as string)) j++;
      tokens.push({ kind: "word", text: sql.slice(i, j).toUpperCase() });
      i = j;
    } else if (/[0-9]/.test(c)) {
      let j = i + 1;
      while (j < n && /[0-9A-Za-z_.]/.test(sql[j] as string)) j++;
      tokens.push({ kind: "number", text: sql.slice(i, j) });
      i = j;
    } else {
      tokens.push({ kind: "punct", text: c });
      i++;
    }
  }
  return tokens;
}

function endOfLine(sql: string, from: number): number {
  const end = sql.indexOf("\n", from);
  return end < 0 ? sql.length : end + 1;
}

function endOfQuoted(sql: string, start: number, close: string, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < sql.length) {
    const c = sql[i];
    if (backslashEscapes && c === "\\") {
      i += 2;
      continue;
    }
    if (c === close) {
      if (sql[i + 1] === close && close !== "]") {
        i += 2; // doubled quote inside the literal
        continue;
      }
      return i + 1;
    }
    i++;
  }
  throw rejected("unterminated quoted string or identifier");
}
