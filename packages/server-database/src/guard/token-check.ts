import { rejected } from "../errors.js";
import { type SqlToken, tokenizeSql } from "./sql-tokens.js";

const FIRST_WORDS = {
  mysql: new Set(["SELECT", "WITH", "SHOW", "DESCRIBE", "DESC", "EXPLAIN"]),
  sqlite: new Set(["SELECT", "WITH"]),
};

// Keywords that have no business in a read-only query, wherever they appear. Column names that
// collide with one of them must be quoted (`update`), which makes them identifiers, not words.
const DENIED_WORDS = new Set([
  "INSERT",
  "UPDATE",
  "DELETE",
  "MERGE",
  "UPSERT",
  "DROP",
  "CREATE",
  "ALTER",
  "TRUNCATE",
  "RENAME",
  "GRANT",
  "REVOKE",
  "INTO",
  "OUTFILE",
  "DUMPFILE",
  "LOCK",
  "UNLOCK",
  "SHARE",
  "SET",
  "COMMIT",
  "ROLLBACK",
  "BEGIN",
  "START",
  "SAVEPOINT",
  "RELEASE",
  "CALL",
  "DO",
  "HANDLER",
  "LOAD",
  "ATTACH",
  "DETACH",
  "PRAGMA",
  "VACUUM",
  "REINDEX",
  "ANALYZE",
  "KILL",
  "FLUSH",
  "RESET",
  "PURGE",
  "PREPARE",
  "EXECUTE",
  "DEALLOCATE",
  "INSTALL",
  "UNINSTALL",
  "SHUTDOWN",
  "OPTIMIZE",
  "REPAIR",
  "CHECKSUM",
  "BINLOG",
  "CHANGE",
  "XA",
]);

// Functions (a word followed by "(") with side effects, file access or that only burn time.
const DENIED_FUNCTIONS = new Set([
  "SLEEP",
  "BENCHMARK",
  "GET_LOCK",
  "RELEASE_LOCK",
  "RELEASE_ALL_LOCKS",
  "IS_FREE_LOCK",
  "IS_USED_LOCK",
  "LOAD_FILE",
  "MASTER_POS_WAIT",
  "SOURCE_POS_WAIT",
  "MASTER_GTID_WAIT",
  "NEXTVAL",
  "SETVAL",
  "LASTVAL",
  "LOAD_EXTENSION",
  "FTS3_TOKENIZER",
  "READFILE",
  "WRITEFILE",
  "EDIT",
  "SQLAR_UNCOMPRESS",
  "RANDOMBLOB",
  "ZEROBLOB",
]);

/**
 * The dialect-independent half of layer 1 for MySQL/MariaDB and SQLite: a conservative check on
 * tokens that never trusts the parser alone. One statement (a trailing `;` is tolerated), an
 * allowed first keyword, no denied keyword or function anywhere, no executable comment.
 *
 * @example
 * ```ts
 * checkTokens("SELECT * FROM t WHERE id = ?", "mysql"); // returns the tokens
 * checkTokens("SELECT 1 /*! ; DROP TABLE t *\/", "mysql"); // throws REJECTED
 * ```
 */
export function checkTokens(sql: string, dialect: "mysql" | "sqlite"): SqlToken[] {
  const tokens = tokenizeSql(sql, dialect);
  while (tokens.length > 0 && tokens[tokens.length - 1]?.text === ";") tokens.pop();
  if (tokens.length === 0) throw rejected("empty statement");
  if (tokens.some((t) => t.kind === "punct" && t.text === ";")) {
    throw rejected("exactly one statement is allowed (stacked statements are refused)");
  }
  const first = tokens[0] as SqlToken;
  if (first.kind !== "word" || !FIRST_WORDS[dialect].has(first.text)) {
    throw rejected(`${first.text} statements are not allowed: only read-only queries are`);
  }
  tokens.forEach((token, index) => {
    if (token.kind !== "word") return;
    if (DENIED_WORDS.has(token.text)) throw rejected(`${token.text} is not allowed in a read-only query`);
    const after = tokens[index + 1];
    if (after?.text === "(" && DENIED_FUNCTIONS.has(token.text)) {
      throw rejected(`function ${token.text.toLowerCase()}() is not allowed`);
    }
    if (token.text === "NEXT" && after?.text === "VALUE") {
      throw rejected("NEXT VALUE FOR (sequence increment) is not allowed");
    }
  });
  return tokens;
}
