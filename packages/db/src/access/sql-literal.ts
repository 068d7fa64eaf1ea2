import { DbError } from "../errors.js";

/**
 * A value as a PostgreSQL literal, for the few statements that cannot take bind parameters
 * (`EXECUTE` of a prepared statement). Strings are quoted the way libpq's `PQescapeLiteral`
 * and node-postgres' `escapeLiteral` do: quotes doubled and, when a backslash is present,
 * backslashes doubled inside an `E'…'` literal, which reads the same whatever
 * `standard_conforming_strings` is. The declared parameter types of the prepared statement
 * give the literals their types.
 *
 * @example
 * sqlLiteral("it's"); // "'it''s'"
 * sqlLiteral(null);   // "NULL"
 */
export function sqlLiteral(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new DbError("invalid", `not a finite number: ${value}`);
    // Parenthesised so that a negative number stays one argument in any position.
    return value < 0 ? `(${value})` : String(value);
  }
  // PostgreSQL text cannot hold NUL, and a NUL would end the statement's text early.
  if (value.includes("\u0000")) throw new DbError("invalid", "text values cannot contain NUL characters");
  let backslash = false;
  let quoted = "'";
  for (const char of value) {
    if (char === "'") quoted += "''";
    else if (char === "\\") {
      quoted += "\\\\";
      backslash = true;
    } else quoted += char;
  }
  quoted += "'";
  return backslash ? `E${quoted}` : quoted;
}
