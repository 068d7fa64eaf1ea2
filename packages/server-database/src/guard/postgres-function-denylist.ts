// Functions a read-only tool must never call, matched on the lower-cased last name part (so
// `pg_catalog.PG_READ_FILE` and `"pg_read_file"` both match). Each line says why.
const EXACT = new Set([
  "setval", // writes a sequence, outside transactional rollback
  "nextval", // same: sequence increments survive ROLLBACK
  "set_config", // changes session settings such as default_transaction_read_only
  "pg_reload_conf",
  "pg_rotate_logfile",
  "pg_notify",
  "pg_switch_wal",
  "pg_promote",
  "pg_start_backup",
  "pg_stop_backup",
  "pg_stat_file", // file system access
  "txid_current", // assigns a transaction id (a write)
  "pg_current_xact_id",
  "pg_log_backend_memory_contexts",
  "loread", // large objects
  "lowrite",
  // run arbitrary SQL text that the guard never sees, or dump whole tables by name
  "query_to_xml",
  "query_to_xmlschema",
  "query_to_xml_and_xmlschema",
  "cursor_to_xml",
  "cursor_to_xmlschema",
  "table_to_xml",
  "table_to_xmlschema",
  "table_to_xml_and_xmlschema",
  "schema_to_xml",
  "schema_to_xmlschema",
  "schema_to_xml_and_xmlschema",
  "database_to_xml",
  "database_to_xmlschema",
  "database_to_xml_and_xmlschema",
]);

const PREFIXES = [
  "pg_read_", // pg_read_file, pg_read_binary_file
  "pg_ls_", // directory listings
  "pg_file_", // adminpack writes
  "lo_", // lo_import, lo_export, lo_unlink, lo_put...
  "dblink", // dblink, dblink_exec: other connections, not read-only
  "pg_advisory", // advisory locks outlive the statement
  "pg_try_advisory",
  "pg_sleep", // pg_sleep, pg_sleep_for, pg_sleep_until: only burns the timeout
  "pg_terminate_",
  "pg_cancel_",
  "pg_stat_reset",
  "pg_replication_",
  "pg_create_", // replication slots, restore points
  "pg_drop_",
  "pg_logical_",
  "pg_wal_",
  "pg_backup_",
  "pg_import_",
];

/**
 * True when a PostgreSQL function name is on the denylist.
 *
 * @example
 * ```ts
 * isDeniedPostgresFunction("PG_READ_FILE"); // true
 * isDeniedPostgresFunction("lower"); // false
 * ```
 */
export function isDeniedPostgresFunction(name: string): boolean {
  const lower = name.toLowerCase();
  return EXACT.has(lower) || PREFIXES.some((prefix) => lower.startsWith(prefix));
}
