import type { DatabaseServerOptions } from "./database-server.js";

/** The server's own command-line options (runServerCli adds --transport, --port, --host...). */
export const CLI_OPTIONS = {
  url: {
    type: "string",
    valueName: "<url>",
    description: "database URL (or the positional argument, or DATABASE_URL)",
  },
  "max-rows": {
    type: "string",
    valueName: "<n>",
    description: "rows returned at most per query (default: 1000)",
  },
  timeout: {
    type: "string",
    valueName: "<ms>",
    description: "statement timeout in milliseconds (default: 5000)",
  },
  "allow-schema": {
    type: "string",
    multiple: true,
    valueName: "<schema>",
    description: "only this schema (MySQL: database) is visible; repeatable",
  },
  "allow-table": {
    type: "string",
    multiple: true,
    valueName: "<[schema.]table>",
    description: "only this table is visible; repeatable",
  },
} as const;

/** A command-line mistake, reported with the usage and exit code 2. */
export class CliUsageError extends Error {
  override readonly name = "CliUsageError";
}

/**
 * Turns the parsed command line (and the environment) into server options. The URL comes from
 * the positional argument, `--url`, or `DATABASE_URL`, in that order.
 *
 * @example
 * ```ts
 * serverOptionsFromCli({ "max-rows": "50" }, ["sqlite:./app.db"], {});
 * // { url: "sqlite:./app.db", maxRows: 50, timeoutMs: undefined, allowlist: {} }
 * ```
 */
export function serverOptionsFromCli(
  values: Record<string, unknown>,
  positionals: string[],
  env: Record<string, string | undefined>,
): DatabaseServerOptions & { url: string } {
  if (positionals.length > 1) throw new CliUsageError("give one database URL");
  const url = positionals[0] ?? (values.url as string | undefined) ?? env.DATABASE_URL;
  if (!url) throw new CliUsageError("a database URL is required (argument, --url or DATABASE_URL)");
  return {
    url,
    maxRows: positiveInteger(values["max-rows"], "--max-rows"),
    timeoutMs: positiveInteger(values.timeout, "--timeout"),
    allowlist: {
      schemas: values["allow-schema"] as string[] | undefined,
      tables: values["allow-table"] as string[] | undefined,
    },
  };
}

function positiveInteger(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new CliUsageError(`${flag} must be a positive integer, got "${String(value)}"`);
  return number;
}
