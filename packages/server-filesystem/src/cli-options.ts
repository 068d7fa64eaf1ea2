import type { CliOption } from "@mcp/server-base/cli";
import { FsError } from "./errors.js";
import type { FsLimits } from "./limits.js";
import type { FilesystemServerOptions } from "./server.js";

/**
 * The filesystem server's own command-line options, in `node:util` parseArgs form (the common
 * `--transport`, `--port`, `--host`, `--help`, `--version` come from `runServerCli`).
 */
export const CLI_OPTIONS: Record<string, CliOption> = {
  "read-only": { type: "boolean", description: "do not register the tools that write (not even listed)" },
  "ignore-client-roots": {
    type: "boolean",
    description: "keep the command-line directories even when the client offers roots",
  },
  "max-file-size": {
    type: "string",
    valueName: "<bytes>",
    description: "largest file read, written or grepped, K/M/G suffixes (default: 10M)",
  },
  "max-entries": {
    type: "string",
    valueName: "<n>",
    description: "most entries per listing or directory_tree (default: 10000)",
  },
  "max-results": {
    type: "string",
    valueName: "<n>",
    description: "most search_files results / grep matches (default: 1000)",
  },
  "max-walk-entries": {
    type: "string",
    valueName: "<n>",
    description: "most entries one walk visits (default: 1000000)",
  },
  "max-depth": {
    type: "string",
    valueName: "<n>",
    description: "deepest level a walk descends to (default: 64)",
  },
  "grep-timeout-ms": {
    type: "string",
    valueName: "<ms>",
    description: "time budget of one grep call (default: 10000)",
  },
  "max-read-files": {
    type: "string",
    valueName: "<n>",
    description: "most files per read_multiple_files call (default: 100)",
  },
};

const LIMIT_FLAGS: Record<string, keyof FsLimits> = {
  "max-file-size": "maxFileSize",
  "max-entries": "maxEntries",
  "max-results": "maxResults",
  "max-walk-entries": "maxWalkEntries",
  "max-depth": "maxDepth",
  "grep-timeout-ms": "grepTimeoutMs",
  "max-read-files": "maxReadFiles",
};

const UNITS: Record<string, number> = { "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/**
 * Parses a positive integer with an optional K/M/G (binary) suffix.
 *
 * @example
 * ```ts
 * parseSize("10M", "--max-file-size"); // 10485760
 * ```
 */
export function parseSize(value: string, flag: string): number {
  const match = /^(\d+)\s*([kmg]?)b?$/i.exec(value.trim());
  const number = match ? Number(match[1]) * UNITS[match[2]!.toLowerCase()]! : Number.NaN;
  if (!Number.isSafeInteger(number) || number <= 0) {
    throw new FsError(
      "INVALID_PATTERN",
      `${flag} needs a positive integer (optionally with K, M or G), got ${value}`,
    );
  }
  return number;
}

/**
 * Turns parsed command-line values and positional directories into server options.
 *
 * @example
 * ```ts
 * toServerOptions({ "read-only": true, "max-file-size": "1M" }, ["/srv/data"]);
 * // { directories: ["/srv/data"], readOnly: true, useClientRoots: true, limits: { maxFileSize: 1048576 } }
 * ```
 */
export function toServerOptions(
  values: Record<string, string | boolean | undefined | (string | boolean)[]>,
  positionals: readonly string[],
): FilesystemServerOptions {
  const limits: Partial<FsLimits> = {};
  for (const [flag, key] of Object.entries(LIMIT_FLAGS)) {
    const value = values[flag];
    if (typeof value === "string") limits[key] = parseSize(value, `--${flag}`);
  }
  return {
    directories: [...positionals],
    readOnly: values["read-only"] === true,
    useClientRoots: values["ignore-client-roots"] !== true,
    limits,
  };
}
