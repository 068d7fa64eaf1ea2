// The program of the child process that owns the SQLite connection, run with `node -e`. It is
// plain CommonJS so it needs no build step and no file of its own in the published package.
// better-sqlite3 12 exposes neither sqlite3_interrupt nor a progress handler, so the only way to
// stop a runaway statement (an endless recursive CTE never returns to JavaScript) is to kill the
// process that runs it.
export const SQLITE_CHILD_SOURCE = `
"use strict";
const Database = require(process.env.MCP_SQLITE_MODULE);
let db;
try {
  db = new Database(process.env.MCP_SQLITE_FILE, { readonly: true, fileMustExist: true });
  db.pragma("query_only = ON");
} catch (error) {
  process.send({ openError: String((error && error.message) || error) }, () => process.exit(1));
}
if (db) serve();

function serve() {
  process.on("disconnect", () => process.exit(0));
  process.on("message", (m) => process.send(run(m)));
  process.send({ ready: true });
}

function run(m) {
  try {
    const statement = db.prepare(m.sql);
    if (!statement.reader) {
      return { id: m.id, error: { code: "REJECTED", message: "the statement returns no rows: only read-only queries are allowed" } };
    }
    const columns = statement.columns().map((c) => ({ name: c.name, type: (c.type || "any").toLowerCase() }));
    const rows = [];
    let truncated = false;
    db.exec("BEGIN");
    try {
      const iterator = statement.raw(true).safeIntegers(true).iterate(...m.params);
      for (const row of iterator) {
        if (rows.length === m.maxRows) {
          truncated = true;
          iterator.return();
          break;
        }
        rows.push(row);
      }
    } finally {
      db.exec("ROLLBACK");
    }
    return { id: m.id, columns, rows, truncated };
  } catch (error) {
    return { id: m.id, error: { code: "DATABASE", message: String((error && error.message) || error) } };
  }
}
`;
