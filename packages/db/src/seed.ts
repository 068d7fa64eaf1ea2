import { resolve } from "node:path";
import { type RegistryEntryInput, upsertRegistryEntry } from "./access/registry.js";
import { createServer, getGlobalServer, type ServerInput, updateServer } from "./access/servers.js";
import type { Database } from "./database.js";

/** Where the bundled servers' global registrations point. */
export interface SeedOptions {
  /** The directory the global filesystem server exposes (default `.data/files`). */
  filesystemRoot?: string;
  /** The database the global database server reads (default `pglite:memory`). */
  databaseUrl?: string;
}

/** What the seed did, by slug. */
export interface SeedReport {
  servers: { created: string[]; updated: string[]; unchanged: string[] };
  registry: { created: string[]; updated: string[]; unchanged: string[] };
}

interface Bundled {
  slug: string;
  packageName: string;
  bin: string;
  name: string;
  description: string;
  category: string;
  tags: string[];
  /** Arguments after the executable: for the global server, and as the install template. */
  globalArgs(options: Required<SeedOptions>): string[];
  argsTemplate: string[];
  configSchema: Record<string, unknown>;
  toolsPreview: { name: string; description: string }[];
}

const BUNDLED: Bundled[] = [
  {
    slug: "filesystem",
    packageName: "@mcp/server-filesystem",
    bin: "mcp-server-filesystem",
    name: "Filesystem",
    description: "Read, search and write files inside the directories you allow, and nowhere else.",
    category: "files",
    tags: ["files", "filesystem", "search"],
    globalArgs: (options) => [options.filesystemRoot],
    argsTemplate: ["{{directory}}"],
    configSchema: {
      type: "object",
      properties: { directory: { type: "string", description: "The directory the server may use" } },
      required: ["directory"],
    },
    toolsPreview: [
      { name: "read_text_file", description: "Read a text file" },
      { name: "write_file", description: "Write a file" },
      { name: "list_directory", description: "List a directory" },
      { name: "search_files", description: "Find files by glob" },
    ],
  },
  {
    slug: "database",
    packageName: "@mcp/server-database",
    bin: "mcp-server-database",
    name: "Database",
    description: "Read-only SQL for PostgreSQL, MySQL/MariaDB, SQLite and PGlite.",
    category: "databases",
    tags: ["sql", "postgresql", "mysql", "sqlite", "database"],
    globalArgs: (options) => [options.databaseUrl],
    argsTemplate: ["{{url}}"],
    configSchema: {
      type: "object",
      properties: { url: { type: "string", description: "The database URL (read-only access)" } },
      required: ["url"],
    },
    toolsPreview: [
      { name: "query", description: "Run a read-only SQL query" },
      { name: "list_tables", description: "List tables" },
      { name: "describe_table", description: "Describe a table's columns" },
    ],
  },
  {
    slug: "calculator",
    packageName: "@mcp/server-calculator",
    bin: "mcp-server-calculator",
    name: "Calculator",
    description: "Arithmetic tools and a bounded expression evaluator.",
    category: "utilities",
    tags: ["math", "calculator"],
    globalArgs: () => [],
    argsTemplate: [],
    configSchema: { type: "object", properties: {} },
    toolsPreview: [
      { name: "add", description: "Add numbers" },
      { name: "evaluate", description: "Evaluate an arithmetic expression" },
    ],
  },
];

function sameServer(current: Awaited<ReturnType<typeof getGlobalServer>>, wanted: ServerInput): boolean {
  return (
    current !== null &&
    current.name === wanted.name &&
    current.description === (wanted.description ?? null) &&
    current.transport === wanted.transport &&
    current.command === (wanted.command ?? null) &&
    JSON.stringify(current.args) === JSON.stringify(wanted.args ?? []) &&
    current.registryEntryId === (wanted.registryEntryId ?? null)
  );
}

/**
 * Registers the three bundled servers (filesystem, database, calculator) as global servers and
 * as registry entries. Idempotent: a second run with the same options writes nothing.
 *
 * @example
 * const report = await seedDatabase(db);
 * console.log(report.servers.created); // ["filesystem", "database", "calculator"] the first time
 */
export async function seedDatabase(db: Database, options: SeedOptions = {}): Promise<SeedReport> {
  const resolved: Required<SeedOptions> = {
    // A `{{placeholder}}` root is the API's to fill in per tenant at spawn time: keep it as is.
    filesystemRoot: (options.filesystemRoot ?? ".data/files").includes("{{")
      ? (options.filesystemRoot as string)
      : resolve(options.filesystemRoot ?? ".data/files"),
    databaseUrl: options.databaseUrl ?? "pglite:memory",
  };
  const report: SeedReport = {
    servers: { created: [], updated: [], unchanged: [] },
    registry: { created: [], updated: [], unchanged: [] },
  };
  for (const bundled of BUNDLED) {
    const before = await db.prisma.mcpRegistryEntry.findUnique({ where: { slug: bundled.slug } });
    const entryInput: RegistryEntryInput = {
      slug: bundled.slug,
      name: bundled.name,
      description: bundled.description,
      category: bundled.category,
      tags: bundled.tags,
      author: "MCP platform",
      npmPackage: bundled.packageName,
      transport: "stdio",
      commandTemplate: bundled.bin,
      argsTemplate: bundled.argsTemplate,
      configSchema: bundled.configSchema,
      toolsPreview: bundled.toolsPreview,
      featured: true,
      verified: true,
    };
    const { entry, changed } = await upsertRegistryEntry(db, entryInput);
    report.registry[before ? (changed ? "updated" : "unchanged") : "created"].push(bundled.slug);

    // The command is the bin name, not a path: the API resolves bundled bins to its own
    // installation at spawn time (so rows survive a move, and the operator's command allow
    // list names bins, not interpreters).
    const wanted: ServerInput = {
      slug: bundled.slug,
      name: bundled.name,
      description: bundled.description,
      transport: "stdio",
      command: bundled.bin,
      args: bundled.globalArgs(resolved),
      registryEntryId: entry.id,
    };
    const current = await getGlobalServer(db, bundled.slug);
    if (!current) {
      await createServer(db, { global: true }, wanted);
      report.servers.created.push(bundled.slug);
    } else if (sameServer(current, wanted)) {
      report.servers.unchanged.push(bundled.slug);
    } else {
      await updateServer(db, { global: true }, current.id, wanted);
      await db.prisma.mcpServer.update({ where: { id: current.id }, data: { registryEntryId: entry.id } });
      report.servers.updated.push(bundled.slug);
    }
  }
  return report;
}
