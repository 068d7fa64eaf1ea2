// Arguments and results are stored as jsonb in the audit log, and JSON nested thousands of
// levels deep breaks the database there: PostgreSQL fails with "stack depth limit exceeded" and
// the embedded PGlite stops answering altogether (about 6,000 levels). No tool needs such input
// or output, so the API refuses both beyond the depth serde_json accepts by default. (`@mcp/db`
// has a last-resort limit of its own, far deeper, for the audit row: see `jsonbText`.)

/** The deepest nesting of arrays and objects accepted in tool arguments and results. */
export const MAX_JSON_DEPTH = 128;
