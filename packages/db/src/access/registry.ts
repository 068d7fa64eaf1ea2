import type { Database } from "../database.js";
import { DbError, isUniqueViolation } from "../errors.js";
import type { McpRegistryEntry, McpTransport, Prisma } from "../generated/prisma/client.js";
import { canonicalJson } from "./canonical-json.js";
import { createServer, type ServerInput, type ServerRecord } from "./servers.js";
import { assertSlug } from "./tenants.js";

/** A marketplace entry as published (rating and install figures are kept by the database). */
export interface RegistryEntryInput {
  slug: string;
  name: string;
  description: string;
  category: string;
  tags?: string[];
  author?: string | null;
  homepageUrl?: string | null;
  repositoryUrl?: string | null;
  documentationUrl?: string | null;
  npmPackage?: string | null;
  npmVersion?: string | null;
  transport?: McpTransport;
  commandTemplate?: string | null;
  argsTemplate?: string[];
  urlTemplate?: string | null;
  /** JSON Schema (an object schema) of the values a tenant supplies at install. */
  configSchema?: Record<string, unknown>;
  toolsPreview?: unknown[];
  featured?: boolean;
  verified?: boolean;
}

/** Filters and page of `searchRegistry`. */
export interface RegistrySearch {
  /** Matched against slug, name, description (case-insensitive) and tags (exactly). */
  query?: string;
  category?: string;
  tag?: string;
  featured?: boolean;
  verified?: boolean;
  limit?: number;
  offset?: number;
}

function entryData(input: RegistryEntryInput) {
  return {
    name: input.name,
    description: input.description,
    category: input.category,
    tags: input.tags ?? [],
    author: input.author ?? null,
    homepageUrl: input.homepageUrl ?? null,
    repositoryUrl: input.repositoryUrl ?? null,
    documentationUrl: input.documentationUrl ?? null,
    npmPackage: input.npmPackage ?? null,
    npmVersion: input.npmVersion ?? null,
    transport: input.transport ?? "stdio",
    commandTemplate: input.commandTemplate ?? null,
    argsTemplate: input.argsTemplate ?? [],
    urlTemplate: input.urlTemplate ?? null,
    configSchema: (input.configSchema ?? { type: "object", properties: {} }) as Prisma.InputJsonValue,
    toolsPreview: (input.toolsPreview ?? []) as Prisma.InputJsonValue,
    featured: input.featured ?? false,
    verified: input.verified ?? false,
  };
}

function sameJson(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/**
 * Publishes or updates a registry entry by slug (platform admins). Writes only when something
 * differs, so re-publishing the same entry changes nothing (`changed: false`).
 *
 * @example
 * await upsertRegistryEntry(db, { slug: "calculator", name: "Calculator", description: "...", category: "utilities" });
 */
export async function upsertRegistryEntry(
  db: Database,
  input: RegistryEntryInput,
): Promise<{ entry: McpRegistryEntry; changed: boolean }> {
  assertSlug(input.slug);
  const data = entryData(input);
  const current = await db.prisma.mcpRegistryEntry.findUnique({ where: { slug: input.slug } });
  if (current) {
    const differs = (Object.keys(data) as (keyof typeof data)[]).some(
      (key) => !sameJson(current[key], data[key]),
    );
    if (!differs) return { entry: current, changed: false };
    return {
      entry: await db.prisma.mcpRegistryEntry.update({ where: { id: current.id }, data }),
      changed: true,
    };
  }
  return {
    entry: await db.prisma.mcpRegistryEntry.create({ data: { slug: input.slug, ...data } }),
    changed: true,
  };
}

/**
 * Searches the marketplace: featured first, then by rating, installs and slug.
 *
 * @example
 * const { items, total } = await searchRegistry(db, { query: "sql", limit: 10 });
 */
export async function searchRegistry(
  db: Database,
  search: RegistrySearch = {},
): Promise<{ items: McpRegistryEntry[]; total: number }> {
  const and: Prisma.McpRegistryEntryWhereInput[] = [];
  const query = search.query?.trim();
  if (query) {
    and.push({
      OR: [
        { slug: { contains: query, mode: "insensitive" } },
        { name: { contains: query, mode: "insensitive" } },
        { description: { contains: query, mode: "insensitive" } },
        { tags: { has: query.toLowerCase() } },
      ],
    });
  }
  if (search.category) and.push({ category: search.category });
  if (search.tag) and.push({ tags: { has: search.tag } });
  if (search.featured !== undefined) and.push({ featured: search.featured });
  if (search.verified !== undefined) and.push({ verified: search.verified });
  const where = { AND: and };
  const [items, total] = await Promise.all([
    db.prisma.mcpRegistryEntry.findMany({
      where,
      orderBy: [{ featured: "desc" }, { ratingAverage: "desc" }, { installCount: "desc" }, { slug: "asc" }],
      take: Math.min(Math.max(Math.trunc(search.limit ?? 20), 1), 100),
      skip: Math.max(Math.trunc(search.offset ?? 0), 0),
    }),
    db.prisma.mcpRegistryEntry.count({ where }),
  ]);
  return { items, total };
}

/**
 * A registry entry by slug, or null.
 *
 * @example
 * const entry = await getRegistryEntry(db, "calculator");
 */
export async function getRegistryEntry(db: Database, slug: string): Promise<McpRegistryEntry | null> {
  return db.prisma.mcpRegistryEntry.findUnique({ where: { slug } });
}

interface ObjectSchema {
  properties?: Record<string, { type?: string; default?: unknown }>;
  required?: string[];
}

/** Checks install values against the entry's schema (required keys, primitive types). */
function checkValues(schema: ObjectSchema, values: Record<string, unknown>): Record<string, string> {
  const properties = schema.properties ?? {};
  const out: Record<string, string> = {};
  for (const name of schema.required ?? []) {
    if (values[name] === undefined && properties[name]?.default === undefined) {
      throw new DbError("invalid", `the value "${name}" is required`);
    }
  }
  for (const [name, property] of Object.entries(properties)) {
    const value = values[name] ?? property.default;
    if (value === undefined) continue;
    const type = property.type;
    const ok =
      type === undefined ||
      (type === "string" && typeof value === "string") ||
      ((type === "number" || type === "integer") && typeof value === "number") ||
      (type === "boolean" && typeof value === "boolean");
    if (!ok) throw new DbError("invalid", `the value "${name}" must be a ${type}`);
    out[name] = String(value);
  }
  for (const name of Object.keys(values)) {
    if (!(name in properties)) throw new DbError("invalid", `unknown value "${name}"`);
  }
  return out;
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new DbError("invalid", `the template needs the value "${name}"`);
    return value;
  });
}

/**
 * Installs a registry entry into a tenant: a new server of the tenant built from the entry's
 * template and the tenant's values (checked against the entry's config schema), and one more
 * install counted.
 *
 * @example
 * const server = await installRegistryEntry(db, t.id, { slug: "filesystem", values: { directory: "/srv/docs" } });
 */
export async function installRegistryEntry(
  db: Database,
  tenantId: string,
  input: {
    slug: string;
    serverSlug?: string;
    name?: string;
    values?: Record<string, unknown>;
    env?: Record<string, string>;
    /** Called with the filled-in server before it is created; throw to refuse the install. */
    validate?: (server: ServerInput) => void;
  },
): Promise<ServerRecord> {
  const entry = await getRegistryEntry(db, input.slug);
  if (!entry) throw new DbError("not_found", "no such registry entry");
  const tenant = await db.prisma.tenant.findUnique({ where: { id: tenantId } });
  if (!tenant) throw new DbError("not_found", "no such tenant");
  const values = checkValues(entry.configSchema as ObjectSchema, input.values ?? {});
  const serverInput: ServerInput = {
    slug: input.serverSlug ?? entry.slug,
    name: input.name ?? entry.name,
    description: entry.description,
    transport: entry.transport,
    command: entry.commandTemplate ? fill(entry.commandTemplate, values) : null,
    args: entry.argsTemplate.map((arg) => fill(arg, values)),
    url: entry.urlTemplate ? fill(entry.urlTemplate, values) : null,
    env: input.env ?? null,
    registryEntryId: entry.id,
  };
  input.validate?.(serverInput);
  const server = await createServer(db, { tenantId }, serverInput);
  await db.prisma.mcpRegistryEntry.update({
    where: { id: entry.id },
    data: { installCount: { increment: 1 } },
  });
  return server;
}

/**
 * Rates an entry for a tenant (1-5; rating again replaces the tenant's rating). The average
 * and count are recomputed from the ratings table in the same transaction, with the entry's
 * row locked first, so concurrent ratings serialise and the figures always match the ratings.
 *
 * @example
 * const { ratingAverage, ratingCount } = await rateRegistryEntry(db, t.id, { slug: "calculator", rating: 5 });
 */
export async function rateRegistryEntry(
  db: Database,
  tenantId: string,
  input: { slug: string; rating: number; comment?: string | null },
): Promise<{ ratingAverage: number; ratingCount: number }> {
  if (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5) {
    throw new DbError("invalid", "a rating is an integer from 1 to 5");
  }
  const attempt = () =>
    db.prisma.$transaction(async (tx) => {
      const locked = await tx.$queryRaw<{ id: string }[]>`
        SELECT "id" FROM "McpRegistryEntry" WHERE "slug" = ${input.slug} FOR UPDATE`;
      const entryId = locked[0]?.id;
      if (!entryId) throw new DbError("not_found", "no such registry entry");
      await tx.mcpRegistryRating.upsert({
        where: { entryId_tenantId: { entryId, tenantId } },
        create: { entryId, tenantId, rating: input.rating, comment: input.comment ?? null },
        update: { rating: input.rating, comment: input.comment ?? null },
      });
      const figures = await tx.mcpRegistryRating.aggregate({
        where: { entryId },
        _avg: { rating: true },
        _count: { _all: true },
      });
      const ratingAverage = figures._avg.rating ?? 0;
      const ratingCount = figures._count._all;
      await tx.mcpRegistryEntry.update({ where: { id: entryId }, data: { ratingAverage, ratingCount } });
      return { ratingAverage, ratingCount };
    });
  try {
    return await attempt();
  } catch (error) {
    // Two first ratings by one tenant can both miss the row and race to insert it; the loser
    // retries once and then updates the winner's row.
    if (isUniqueViolation(error)) return attempt();
    throw error;
  }
}
