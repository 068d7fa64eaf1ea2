import { resourceNotFoundError } from "@mcp/protocol";
import type { McpServer } from "@mcp/server-base";
import type { DatabaseEngine } from "./engine.js";

const MIME = "application/json";

/**
 * Publishes each allowed table's description as a resource through the template
 * `db://tables/{schema}/{table}` (listed in `resources/list`, with completion of both
 * variables), and the whole schema as `db://schema`.
 *
 * @example
 * ```ts
 * registerSchemaResources(server, engine);
 * // resources/read db://tables/public/users -> the describe_table JSON
 * ```
 */
export function registerSchemaResources(server: McpServer, engine: DatabaseEngine): void {
  server.registerResource(
    "schema",
    "db://schema",
    { title: "Database schema", description: "Every allowed table, described", mimeType: MIME },
    async (uri) => ({
      contents: [
        {
          uri: uri.href,
          mimeType: MIME,
          text: JSON.stringify({ tables: await engine.getSchema() }, null, 2),
        },
      ],
    }),
  );

  server.registerResourceTemplate(
    "table",
    "db://tables/{schema}/{table}",
    {
      title: "Table schema",
      description: "Columns, keys and indexes of one table",
      mimeType: MIME,
      list: async () =>
        (await engine.listTables()).map((t) => ({
          uri: tableUri(t.schema, t.name),
          name: `${t.schema}.${t.name}`,
          title: `${t.type} ${t.schema}.${t.name}`,
          mimeType: MIME,
        })),
      complete: {
        schema: async (value) =>
          [...new Set((await engine.listTables()).map((t) => t.schema))].filter((s) => s.startsWith(value)),
        table: async (value, context) =>
          (await engine.listTables(context.arguments.schema || undefined))
            .map((t) => t.name)
            .filter((name) => name.startsWith(value)),
      },
    },
    async (uri, variables) => {
      const schema = String(variables.schema);
      const table = String(variables.table);
      const description = await engine.describeTable(table, schema);
      if (!description) throw resourceNotFoundError(uri.href);
      return { contents: [{ uri: uri.href, mimeType: MIME, text: JSON.stringify(description, null, 2) }] };
    },
  );
}

/** The resource URI of a table, each part percent-encoded. */
export function tableUri(schema: string, table: string): string {
  return `db://tables/${encodeURIComponent(schema)}/${encodeURIComponent(table)}`;
}
