import { McpServer } from "@mcp/server-base";
import { z } from "zod";
import type { Allowlist } from "./allowlist.js";
import { openDriver } from "./drivers/open-driver.js";
import type { Driver } from "./drivers/types.js";
import { DatabaseEngine } from "./engine.js";
import { registerSchemaResources } from "./schema-resources.js";
import { formatTextTable } from "./text-table.js";
import {
  QueryOutputSchema,
  SqlParamSchema,
  TableDescriptionSchema,
  TableSummarySchema,
} from "./tool-schemas.js";
import { VERSION } from "./version.js";

/** Options of {@link createDatabaseServer}. Give `url` or an already open `driver`. */
export interface DatabaseServerOptions {
  /** `postgres://`, `postgresql://`, `mysql://`, `mariadb://`, `sqlite:`/file path, `pglite:`. */
  url?: string;
  driver?: Driver;
  /** Rows returned at most by `query` (more are never read); default 1,000. */
  maxRows?: number;
  /** Statement timeout enforced by the database, ms; default 5,000. */
  timeoutMs?: number;
  /** Schemas and tables the tools may see; default everything the role can read. */
  allowlist?: Allowlist;
}

/** A database server: the MCP server, its engine, and `close()` for the connection pool. */
export interface DatabaseServer {
  server: McpServer;
  engine: DatabaseEngine;
  close(): Promise<void>;
}

const READ_ONLY = { readOnlyHint: true, idempotentHint: true, openWorldHint: false } as const;

/**
 * Builds the read-only database MCP server: tools `query`, `list_tables`, `describe_table`,
 * `get_schema`, `explain`, and each table's schema as a resource (`db://tables/{schema}/{table}`).
 *
 * @example
 * ```ts
 * const { server, close } = await createDatabaseServer({ url: "postgres://reader@localhost/app" });
 * await serveStdio(server);
 * ```
 */
export async function createDatabaseServer(options: DatabaseServerOptions): Promise<DatabaseServer> {
  if (!options.driver && !options.url) throw new TypeError("createDatabaseServer needs a url or a driver");
  const driver = options.driver ?? (await openDriver(options.url as string));
  const engine = new DatabaseEngine(driver, options);
  const placeholder = driver.placeholder === "$n" ? "$1, $2, ..." : "?";
  const server = new McpServer(
    { name: "mcp-server-database", version: VERSION, title: "Read-only SQL" },
    {
      instructions:
        `A read-only ${driver.dialect} database. Use list_tables / describe_table / get_schema to learn ` +
        `the schema, then query with one SELECT-like statement and bound parameters (${placeholder}). ` +
        `At most ${engine.maxRows} rows are returned; statements stop after ${engine.timeoutMs} ms.`,
    },
  );

  server.registerTool(
    "query",
    {
      title: "Run a read-only SQL query",
      description:
        `Runs ONE read-only statement (SELECT, WITH, VALUES, TABLE, EXPLAIN or SHOW, as the ${driver.dialect} ` +
        `dialect allows) with bound parameters written ${placeholder}. Writes, transaction control and ` +
        `stacked statements are refused. Returns at most ${engine.maxRows} rows; "truncated" says when there were more.`,
      inputSchema: {
        sql: z.string().min(1).describe(`one read-only SQL statement; parameters as ${placeholder}`),
        params: z.array(SqlParamSchema).optional().describe("values bound to the placeholders, in order"),
      },
      outputSchema: QueryOutputSchema,
      annotations: READ_ONLY,
    },
    async ({ sql, params }, ctx) => {
      const result = await engine.query(sql, params ?? [], { signal: ctx.signal });
      const footer = result.truncated
        ? `(${result.rows.length} rows shown; the result was truncated at the row limit of ${engine.maxRows})`
        : `(${result.rows.length} row${result.rows.length === 1 ? "" : "s"})`;
      return {
        content: [{ type: "text", text: `${formatTextTable(result.columns, result.rows)}\n${footer}` }],
        structuredContent: { ...result, rowCount: result.rows.length },
      };
    },
  );

  server.registerTool(
    "list_tables",
    {
      title: "List tables",
      description:
        "Lists the tables and views you may query, optionally in one schema (a database on MySQL).",
      inputSchema: { schema: z.string().optional().describe("only this schema") },
      outputSchema: { tables: z.array(TableSummarySchema) },
      annotations: READ_ONLY,
    },
    async ({ schema }) => {
      const tables = await engine.listTables(schema);
      const text = tables.length
        ? tables.map((t) => `${t.schema}.${t.name} (${t.type})`).join("\n")
        : "No tables.";
      return { content: [{ type: "text", text }], structuredContent: { tables } };
    },
  );

  server.registerTool(
    "describe_table",
    {
      title: "Describe a table",
      description:
        "Columns (type, nullability, default), primary/unique/foreign keys and indexes of one table.",
      inputSchema: {
        table: z.string().min(1),
        schema: z.string().optional().describe("default: the connection's current schema"),
      },
      outputSchema: TableDescriptionSchema,
      annotations: READ_ONLY,
    },
    async ({ table, schema }) => {
      const description = await engine.describeTable(table, schema);
      if (!description) {
        return {
          isError: true,
          content: [
            { type: "text", text: `Table ${schema ? `${schema}.` : ""}${table} not found (or not allowed).` },
          ],
        };
      }
      return { structuredContent: description };
    },
  );

  server.registerTool(
    "get_schema",
    {
      title: "Get the whole schema",
      description: "Every table you may query, described as describe_table does, in one call.",
      inputSchema: { schema: z.string().optional().describe("only this schema") },
      outputSchema: { tables: z.array(TableDescriptionSchema) },
      annotations: READ_ONLY,
    },
    async ({ schema }) => ({ structuredContent: { tables: await engine.getSchema(schema) } }),
  );

  server.registerTool(
    "explain",
    {
      title: "Explain a query",
      description: "The execution plan of one SELECT-like query, without running it (never EXPLAIN ANALYZE).",
      inputSchema: {
        sql: z.string().min(1),
        params: z.array(SqlParamSchema).optional(),
      },
      outputSchema: { plan: z.string() },
      annotations: READ_ONLY,
    },
    async ({ sql, params }, ctx) => {
      const plan = await engine.explain(sql, params ?? [], { signal: ctx.signal });
      return { content: [{ type: "text", text: plan }], structuredContent: { plan } };
    },
  );

  registerSchemaResources(server, engine);

  return {
    server,
    engine,
    async close() {
      await server.close();
      await engine.close();
    },
  };
}
