import { createHash } from "node:crypto";
import { openMap, sealMap } from "../crypto/secret-box.js";
import type { Database } from "../database.js";
import { DbError, isUniqueViolation } from "../errors.js";
import type { McpServer, McpServerStatus, McpTransport, Prisma } from "../generated/prisma/client.js";
import { canonicalJson } from "./canonical-json.js";
import { assertSlug } from "./tenants.js";

/** Whose server: a tenant's own, or a global one (platform admins only; the API decides who). */
export type Owner = { tenantId: string } | { global: true };

/** A server as callers see it: secrets decrypted, the internal owner key dropped. */
export type ServerRecord = Omit<McpServer, "envEncrypted" | "headersEncrypted" | "ownerKey"> & {
  env: Record<string, string>;
  headers: Record<string, string>;
  global: boolean;
};

/** What describes a server when it is created. */
export interface ServerInput {
  slug: string;
  name: string;
  description?: string | null;
  transport: McpTransport;
  command?: string | null;
  args?: string[];
  cwd?: string | null;
  /** Environment variables of a stdio server; stored encrypted. */
  env?: Record<string, string> | null;
  url?: string | null;
  /** HTTP headers; stored encrypted. */
  headers?: Record<string, string> | null;
  registryEntryId?: string | null;
}

/** What the platform learnt from a server's `initialize` and list calls. */
export interface ServerDiscovery {
  tools: unknown[];
  resources?: unknown[] | null;
  prompts?: unknown[] | null;
  serverInfo?: Record<string, unknown> | null;
  protocolVersion?: string | null;
  at?: Date;
}

/** The owner key stored with a server: "global", or the tenant id. */
export function ownerKeyOf(owner: Owner): string {
  return "global" in owner ? "global" : owner.tenantId;
}

/** The rows a tenant may see: global servers and its own, not deleted. */
export function visibleTo(tenantId: string): Prisma.McpServerWhereInput {
  return { deletedAt: null, OR: [{ tenantId: null }, { tenantId }] };
}

/** A row with its secrets opened. */
export function toServerRecord(db: Database, row: McpServer): ServerRecord {
  const { envEncrypted, headersEncrypted, ownerKey, ...rest } = row;
  return {
    ...rest,
    env: openMap(db.secrets, envEncrypted),
    headers: openMap(db.secrets, headersEncrypted),
    global: ownerKey === "global",
  };
}

function checkTransport(input: Pick<ServerInput, "transport" | "command" | "url">): void {
  if (input.transport === "stdio" && !input.command) {
    throw new DbError("invalid", "a stdio server needs a command");
  }
  if (input.transport !== "stdio" && !input.url) {
    throw new DbError("invalid", `a ${input.transport} server needs a URL`);
  }
  if (input.url) {
    let protocol: string;
    try {
      protocol = new URL(input.url).protocol;
    } catch (cause) {
      throw new DbError("invalid", "the server URL is not a URL", { cause });
    }
    if (!["http:", "https:", "ws:", "wss:"].includes(protocol)) {
      throw new DbError("invalid", `unsupported URL scheme ${protocol}`);
    }
  }
}

/**
 * Registers a server for a tenant (`{ tenantId }`) or globally (`{ global: true }`). The slug is
 * unique per owner (a `DbError("conflict")` otherwise); env and headers are encrypted.
 *
 * @example
 * const s = await createServer(db, { tenantId: t.id }, { slug: "calc", name: "Calc", transport: "stdio", command: "node", args: ["calc.js"] });
 */
export async function createServer(db: Database, owner: Owner, input: ServerInput): Promise<ServerRecord> {
  assertSlug(input.slug);
  checkTransport(input);
  try {
    const row = await db.prisma.mcpServer.create({
      data: {
        tenantId: "global" in owner ? null : owner.tenantId,
        ownerKey: ownerKeyOf(owner),
        slug: input.slug,
        name: input.name,
        description: input.description ?? null,
        transport: input.transport,
        command: input.command ?? null,
        args: input.args ?? [],
        cwd: input.cwd ?? null,
        envEncrypted: sealMap(db.secrets, input.env),
        url: input.url ?? null,
        headersEncrypted: sealMap(db.secrets, input.headers),
        registryEntryId: input.registryEntryId ?? null,
      },
    });
    return toServerRecord(db, row);
  } catch (error) {
    if (isUniqueViolation(error))
      throw new DbError("conflict", `server "${input.slug}" exists`, { cause: error });
    throw error;
  }
}

/**
 * Changes an owner's server (a tenant cannot change a global server: it is not its own).
 * Fields left undefined are kept. Throws `DbError("not_found")` when the owner has no such server.
 *
 * @example
 * await updateServer(db, { tenantId: t.id }, s.id, { env: { TOKEN: "new" } });
 */
export async function updateServer(
  db: Database,
  owner: Owner,
  id: string,
  patch: Partial<Omit<ServerInput, "slug" | "registryEntryId">>,
): Promise<ServerRecord> {
  const current = await db.prisma.mcpServer.findFirst({
    where: { id, ownerKey: ownerKeyOf(owner), deletedAt: null },
  });
  if (!current) throw new DbError("not_found", "no such server");
  const merged = {
    transport: patch.transport ?? current.transport,
    command: patch.command === undefined ? current.command : patch.command,
    url: patch.url === undefined ? current.url : patch.url,
  };
  checkTransport(merged);
  const data: Prisma.McpServerUpdateInput = { ...merged };
  if (patch.name !== undefined) data.name = patch.name;
  if (patch.description !== undefined) data.description = patch.description;
  if (patch.args !== undefined) data.args = patch.args;
  if (patch.cwd !== undefined) data.cwd = patch.cwd;
  if (patch.env !== undefined) data.envEncrypted = sealMap(db.secrets, patch.env);
  if (patch.headers !== undefined) data.headersEncrypted = sealMap(db.secrets, patch.headers);
  const row = await db.prisma.mcpServer.update({ where: { id: current.id }, data });
  return toServerRecord(db, row);
}

/**
 * Soft-deletes an owner's server: it disappears from lists and lookups, its executions stay,
 * and its slug is freed for reuse. Returns whether a server was deleted.
 *
 * @example
 * await deleteServer(db, { tenantId: t.id }, s.id);
 */
export async function deleteServer(db: Database, owner: Owner, id: string): Promise<boolean> {
  const current = await db.prisma.mcpServer.findFirst({
    where: { id, ownerKey: ownerKeyOf(owner), deletedAt: null },
  });
  if (!current) return false;
  const { count } = await db.prisma.mcpServer.updateMany({
    where: { id, deletedAt: null },
    data: { deletedAt: new Date(), slug: `${current.slug}~deleted~${current.id}` },
  });
  return count > 0;
}

/** Filters of `listServers` and `listServersPage`. */
export interface ListServersOptions {
  /** Include the global servers (default true). */
  includeGlobal?: boolean;
  transport?: McpTransport;
  status?: McpServerStatus;
  /** Case-insensitive substring of the slug, name or description. */
  search?: string;
}

function serverWhere(
  scope: string | { global: true },
  options: ListServersOptions,
): Prisma.McpServerWhereInput {
  const where: Prisma.McpServerWhereInput =
    typeof scope !== "string"
      ? { ownerKey: "global", deletedAt: null }
      : options.includeGlobal === false
        ? { tenantId: scope, deletedAt: null }
        : visibleTo(scope);
  if (options.transport) where.transport = options.transport;
  if (options.status) where.status = options.status;
  if (options.search) {
    // Prisma hands `contains` to ILIKE as is: escape its wildcards so the search is a substring.
    const contains = { contains: options.search.replace(/[\\%_]/g, "\\$&"), mode: "insensitive" as const };
    where.AND = [{ OR: [{ slug: contains }, { name: contains }, { description: contains }] }];
  }
  return where;
}

const SERVER_ORDER: Prisma.McpServerOrderByWithRelationInput[] = [{ slug: "asc" }, { ownerKey: "asc" }];

/**
 * The servers a tenant may use: global ones and its own, not deleted, by slug.
 *
 * @example
 * const servers = await listServers(db, t.id, { includeGlobal: false });
 */
export async function listServers(
  db: Database,
  tenantId: string,
  options: ListServersOptions = {},
): Promise<ServerRecord[]> {
  const rows = await db.prisma.mcpServer.findMany({
    where: serverWhere(tenantId, options),
    orderBy: SERVER_ORDER,
  });
  return rows.map((row) => toServerRecord(db, row));
}

/**
 * One page of the servers a tenant may use (or, with `{ global: true }`, of the global servers),
 * filtered in the database, by slug, with the number of all that match.
 *
 * @example
 * const { items, total } = await listServersPage(db, t.id, { status: "healthy", search: "calc", skip: 0, take: 50 });
 */
export async function listServersPage(
  db: Database,
  scope: string | { global: true },
  options: ListServersOptions & { skip: number; take: number },
): Promise<{ items: ServerRecord[]; total: number }> {
  const where = serverWhere(scope, options);
  const [rows, total] = await Promise.all([
    db.prisma.mcpServer.findMany({ where, orderBy: SERVER_ORDER, skip: options.skip, take: options.take }),
    db.prisma.mcpServer.count({ where }),
  ]);
  return { items: rows.map((row) => toServerRecord(db, row)), total };
}

/**
 * A server the tenant may use, by id or slug (its own wins over a global one of the same
 * slug), or null.
 *
 * @example
 * const calc = await getServer(db, t.id, "calculator");
 */
export async function getServer(
  db: Database,
  tenantId: string,
  idOrSlug: string,
): Promise<ServerRecord | null> {
  const rows = await db.prisma.mcpServer.findMany({
    where: { AND: [visibleTo(tenantId), { OR: [{ id: idOrSlug }, { slug: idOrSlug }] }] },
  });
  const row = rows.find((candidate) => candidate.tenantId === tenantId) ?? rows[0];
  return row ? toServerRecord(db, row) : null;
}

/**
 * A global server by id or slug, or null (for the platform's own jobs, e.g. health checks).
 *
 * @example
 * const calc = await getGlobalServer(db, "calculator");
 */
export async function getGlobalServer(db: Database, idOrSlug: string): Promise<ServerRecord | null> {
  const row = await db.prisma.mcpServer.findFirst({
    where: { ownerKey: "global", deletedAt: null, OR: [{ id: idOrSlug }, { slug: idOrSlug }] },
  });
  return row ? toServerRecord(db, row) : null;
}

/** A stable hash of tool definitions: key order and tool order do not change it. */
export function hashTools(tools: unknown[]): string {
  const sorted = tools
    .map((tool) => canonicalJson(tool))
    .sort()
    .join("\n");
  return createHash("sha256").update(sorted).digest("hex");
}

/**
 * Stores what a server reported (tools, resources, prompts, server info, protocol version) and
 * whether its tools changed since the last discovery (by `hashTools`).
 *
 * @example
 * const { toolsChanged } = await recordDiscovery(db, { global: true }, s.id, { tools: result.tools });
 */
export async function recordDiscovery(
  db: Database,
  owner: Owner,
  id: string,
  discovery: ServerDiscovery,
): Promise<{ server: ServerRecord; toolsChanged: boolean }> {
  const current = await db.prisma.mcpServer.findFirst({
    where: { id, ownerKey: ownerKeyOf(owner), deletedAt: null },
  });
  if (!current) throw new DbError("not_found", "no such server");
  const toolsHash = hashTools(discovery.tools);
  const json = (value: unknown) => (value == null ? undefined : (value as Prisma.InputJsonValue));
  const row = await db.prisma.mcpServer.update({
    where: { id },
    data: {
      tools: discovery.tools as Prisma.InputJsonValue,
      resources: json(discovery.resources),
      prompts: json(discovery.prompts),
      serverInfo: json(discovery.serverInfo),
      protocolVersion: discovery.protocolVersion ?? current.protocolVersion,
      toolsHash,
      discoveredAt: discovery.at ?? new Date(),
    },
  });
  return { server: toServerRecord(db, row), toolsChanged: current.toolsHash !== toolsHash };
}

/** Consecutive failures after which a server is `unhealthy` rather than `degraded`. */
export const UNHEALTHY_AFTER_FAILURES = 3;

/**
 * Records a health check: success resets the failure count (`healthy`); a failure counts one
 * more consecutive failure atomically (`degraded`, then `unhealthy` from the third).
 *
 * @example
 * await recordHealthCheck(db, { global: true }, s.id, { ok: false, error: "spawn ENOENT" });
 */
export async function recordHealthCheck(
  db: Database,
  owner: Owner,
  id: string,
  result: { ok: boolean; error?: string; at?: Date },
): Promise<ServerRecord> {
  const at = result.at ?? new Date();
  const ownerKey = ownerKeyOf(owner);
  const count = result.ok
    ? await db.prisma.$executeRaw`
        UPDATE "McpServer" SET "status" = 'healthy', "consecutiveFailures" = 0, "lastError" = NULL,
          "lastHealthCheckAt" = ${at}, "updatedAt" = ${at}
        WHERE "id" = ${id} AND "ownerKey" = ${ownerKey} AND "deletedAt" IS NULL`
    : await db.prisma.$executeRaw`
        UPDATE "McpServer" SET "consecutiveFailures" = "consecutiveFailures" + 1,
          "status" = (CASE WHEN "consecutiveFailures" + 1 >= ${UNHEALTHY_AFTER_FAILURES}
                      THEN 'unhealthy' ELSE 'degraded' END)::"McpServerStatus",
          "lastError" = ${result.error ?? "health check failed"}, "lastHealthCheckAt" = ${at}, "updatedAt" = ${at}
        WHERE "id" = ${id} AND "ownerKey" = ${ownerKey} AND "deletedAt" IS NULL`;
  if (count === 0) throw new DbError("not_found", "no such server");
  const row = await db.prisma.mcpServer.findUniqueOrThrow({ where: { id } });
  return toServerRecord(db, row);
}
