/** A table or view as `list_tables` reports it. */
export interface TableSummary {
  schema: string;
  name: string;
  type: string;
}

/** A column as `describe_table` reports it. */
export interface ColumnDescription {
  name: string;
  type: string;
  nullable: boolean;
  default: string | null;
}

/** A primary, unique or foreign key. */
export interface KeyDescription {
  name: string;
  type: "primary" | "unique" | "foreign";
  columns: string[];
  references?: { schema: string; table: string; columns: string[] };
}

/** An index and the columns it covers. */
export interface IndexDescription {
  name: string;
  unique: boolean;
  columns: string[];
  definition?: string;
}

/** Everything `describe_table` says about one table. */
export interface TableDescription {
  schema: string;
  name: string;
  columns: ColumnDescription[];
  primaryKey: string[];
  keys: KeyDescription[];
  indexes: IndexDescription[];
}

/** Runs one of the catalog's own statements (never user SQL) and returns its rows. */
export type CatalogRunner = (sql: string, params: unknown[]) => Promise<unknown[][]>;

/** Catalog queries for one dialect; every identifier is a bound parameter. */
export interface Catalog {
  defaultSchema(): Promise<string>;
  listTables(schema?: string): Promise<TableSummary[]>;
  describeTable(schema: string, table: string): Promise<TableDescription | undefined>;
}
