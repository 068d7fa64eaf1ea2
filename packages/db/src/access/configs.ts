import { openMap, sealMap } from "../crypto/secret-box.js";
import type { Database } from "../database.js";
import { DbError } from "../errors.js";
import { type McpServerConfig, Prisma } from "../generated/prisma/client.js";
import { type ServerRecord, toServerRecord, visibleTo } from "./servers.js";

/** A config row as callers see it: lists parsed, environment overrides decrypted. */
export type ServerConfigRecord = Omit<
  McpServerConfig,
  "envOverridesEncrypted" | "toolAllowList" | "toolDenyList" | "agentKey"
> & {
  toolAllowList: string[] | null;
  toolDenyList: string[] | null;
  envOverrides: Record<string, string> | null;
};

/**
 * A tenant's configuration of a server, or (with `agentId`) of one agent's use of it. For each
 * field: `undefined` keeps the stored value, `null` clears it (inherit), a value sets it.
 */
export interface ServerConfigInput {
  serverId: string;
  agentId?: string | null;
  enabled?: boolean | null;
  toolAllowList?: string[] | null;
  toolDenyList?: string[] | null;
  timeoutMs?: number | null;
  maxRetries?: number | null;
  maxConcurrentCalls?: number | null;
  callsPerMinute?: number | null;
  maxOutputBytes?: number | null;
  envOverrides?: Record<string, string> | null;
}

/** Where an effective value came from. */
export type ConfigSource = "agent" | "tenant" | "default";

/** One configuration with every field decided: what the API enforces for a call. */
export interface EffectiveServerConfig {
  server: ServerRecord;
  agentId: string | null;
  /** The most specific config row that applied (the agent's, else the tenant's), or null. */
  configId: string | null;
  enabled: boolean;
  /** null: every tool allowed (unless denied). */
  toolAllowList: string[] | null;
  toolDenyList: string[];
  timeoutMs: number;
  maxRetries: number;
  maxConcurrentCalls: number;
  /** null: no rate limit. */
  callsPerMinute: number | null;
  maxOutputBytes: number;
  /** The server's environment with the tenant's, then the agent's overrides on top. */
  env: Record<string, string>;
  sources: Record<InheritedField, ConfigSource>;
}

/** Built-in values when neither the agent's nor the tenant's row sets a field. */
export const CONFIG_DEFAULTS = Object.freeze({
  enabled: true,
  toolAllowList: null as string[] | null,
  toolDenyList: [] as string[],
  timeoutMs: 60_000,
  maxRetries: 0,
  maxConcurrentCalls: 4,
  callsPerMinute: null as number | null,
  maxOutputBytes: 1_048_576,
});

type InheritedField = keyof typeof CONFIG_DEFAULTS;
const INHERITED_FIELDS = Object.keys(CONFIG_DEFAULTS) as InheritedField[];
const NUMBER_FIELDS = [
  "timeoutMs",
  "maxRetries",
  "maxConcurrentCalls",
  "callsPerMinute",
  "maxOutputBytes",
] as const;

function toConfigRecord(db: Database, row: McpServerConfig): ServerConfigRecord {
  const { envOverridesEncrypted, toolAllowList, toolDenyList, agentKey: _agentKey, ...rest } = row;
  return {
    ...rest,
    toolAllowList: (toolAllowList as string[] | null) ?? null,
    toolDenyList: (toolDenyList as string[] | null) ?? null,
    envOverrides: envOverridesEncrypted ? openMap(db.secrets, envOverridesEncrypted) : null,
  };
}

function checkInput(input: ServerConfigInput): void {
  for (const field of NUMBER_FIELDS) {
    const value = input[field];
    const min = field === "maxRetries" ? 0 : 1;
    if (value != null && (!Number.isInteger(value) || value < min)) {
      throw new DbError("invalid", `${field} must be an integer >= ${min}`);
    }
  }
  for (const field of ["toolAllowList", "toolDenyList"] as const) {
    const list = input[field];
    if (list != null && (!Array.isArray(list) || list.some((name) => typeof name !== "string"))) {
      throw new DbError("invalid", `${field} must be a list of tool names`);
    }
  }
}

async function checkScope(db: Database, tenantId: string, serverId: string, agentId: string | null) {
  const server = await db.prisma.mcpServer.findFirst({
    where: { AND: [visibleTo(tenantId), { id: serverId }] },
  });
  if (!server) throw new DbError("not_found", "no such server");
  if (agentId && !(await db.prisma.agent.findFirst({ where: { id: agentId, tenantId } }))) {
    throw new DbError("not_found", "no such agent");
  }
  return server;
}

/**
 * Creates or changes the tenant's config of a server (its default, or one agent's override).
 * The server must be visible to the tenant and the agent must be the tenant's.
 *
 * @example
 * await upsertServerConfig(db, t.id, { serverId: s.id, timeoutMs: 10_000 });          // tenant default
 * await upsertServerConfig(db, t.id, { serverId: s.id, agentId: a.id, toolDenyList: ["rm"] }); // override
 */
export async function upsertServerConfig(
  db: Database,
  tenantId: string,
  input: ServerConfigInput,
): Promise<ServerConfigRecord> {
  checkInput(input);
  const agentId = input.agentId ?? null;
  await checkScope(db, tenantId, input.serverId, agentId);
  const data: Prisma.McpServerConfigUncheckedUpdateInput = {};
  if (input.enabled !== undefined) data.enabled = input.enabled;
  for (const field of NUMBER_FIELDS) if (input[field] !== undefined) data[field] = input[field];
  for (const field of ["toolAllowList", "toolDenyList"] as const) {
    const list = input[field];
    // Prisma writes a database NULL into a JSON column only through its DbNull sentinel.
    if (list !== undefined) data[field] = list === null ? Prisma.DbNull : list;
  }
  if (input.envOverrides !== undefined) data.envOverridesEncrypted = sealMap(db.secrets, input.envOverrides);
  const row = await db.prisma.mcpServerConfig.upsert({
    where: { tenantId_serverId_agentKey: { tenantId, serverId: input.serverId, agentKey: agentId ?? "" } },
    create: {
      ...(data as Prisma.McpServerConfigUncheckedCreateInput),
      tenantId,
      serverId: input.serverId,
      agentId,
      agentKey: agentId ?? "",
    },
    update: data,
  });
  return toConfigRecord(db, row);
}

/**
 * The tenant's config rows, optionally for one server and/or agent.
 *
 * @example
 * const rows = await listServerConfigs(db, t.id, { serverId: s.id });
 */
export async function listServerConfigs(
  db: Database,
  tenantId: string,
  filter: { serverId?: string; agentId?: string } = {},
): Promise<ServerConfigRecord[]> {
  const where: Prisma.McpServerConfigWhereInput = { tenantId };
  if (filter.serverId) where.serverId = filter.serverId;
  if (filter.agentId) where.agentId = filter.agentId;
  const rows = await db.prisma.mcpServerConfig.findMany({
    where,
    orderBy: [{ serverId: "asc" }, { agentKey: "asc" }],
  });
  return rows.map((row) => toConfigRecord(db, row));
}

/**
 * One of the tenant's config rows by id, or null (another tenant's is null too).
 *
 * @example
 * const config = await getServerConfig(db, t.id, id);
 */
export async function getServerConfig(
  db: Database,
  tenantId: string,
  id: string,
): Promise<ServerConfigRecord | null> {
  const row = await db.prisma.mcpServerConfig.findFirst({ where: { id, tenantId } });
  return row ? toConfigRecord(db, row) : null;
}

/**
 * Deletes one of the tenant's config rows. Returns whether a row was deleted.
 *
 * @example
 * await deleteServerConfig(db, t.id, config.id);
 */
export async function deleteServerConfig(db: Database, tenantId: string, id: string): Promise<boolean> {
  const { count } = await db.prisma.mcpServerConfig.deleteMany({ where: { id, tenantId } });
  return count > 0;
}

/**
 * The configuration that applies to a call: each field from the agent's row if it sets it,
 * else the tenant's default row, else `CONFIG_DEFAULTS`; environment overrides merged key by
 * key over the server's own environment. Throws `DbError("not_found")` when the server is not
 * visible to the tenant or the agent is not the tenant's.
 *
 * @example
 * const config = await resolveEffectiveConfig(db, t.id, { serverId: s.id, agentId: a.id });
 * if (!config.enabled || !isToolAllowed(config, "delete_file")) deny();
 */
export async function resolveEffectiveConfig(
  db: Database,
  tenantId: string,
  input: { serverId: string; agentId?: string | null },
): Promise<EffectiveServerConfig> {
  const agentId = input.agentId ?? null;
  const server = await checkScope(db, tenantId, input.serverId, agentId);
  const rows = await db.prisma.mcpServerConfig.findMany({
    where: { tenantId, serverId: server.id, agentKey: { in: agentId ? ["", agentId] : [""] } },
  });
  const tenantRow = rows.find((row) => row.agentKey === "");
  const agentRow = agentId ? rows.find((row) => row.agentKey === agentId) : undefined;
  const agentRecord = agentRow && toConfigRecord(db, agentRow);
  const tenantRecord = tenantRow && toConfigRecord(db, tenantRow);
  const layers: [ConfigSource, ServerConfigRecord | undefined][] = [
    ["agent", agentRecord],
    ["tenant", tenantRecord],
  ];
  const sources = {} as Record<InheritedField, ConfigSource>;
  const values: Record<string, unknown> = {};
  for (const field of INHERITED_FIELDS) {
    const layer = layers.find(
      ([, record]) => record && record[field] !== null && record[field] !== undefined,
    );
    sources[field] = layer ? layer[0] : "default";
    values[field] = layer ? layer[1]![field] : CONFIG_DEFAULTS[field];
  }
  const serverRecord = toServerRecord(db, server);
  return {
    server: serverRecord,
    agentId,
    configId: agentRow?.id ?? tenantRow?.id ?? null,
    ...(values as Omit<EffectiveServerConfig, "server" | "agentId" | "configId" | "env" | "sources">),
    env: {
      ...serverRecord.env,
      ...(tenantRecord?.envOverrides ?? {}),
      ...(agentRecord?.envOverrides ?? {}),
    },
    sources,
  };
}

/**
 * Whether a config lets a tool be called: the deny list always wins; a null allow list allows
 * every other tool.
 *
 * @example
 * isToolAllowed({ toolAllowList: ["add"], toolDenyList: [] }, "add"); // true
 */
export function isToolAllowed(
  config: Pick<EffectiveServerConfig, "toolAllowList" | "toolDenyList">,
  toolName: string,
): boolean {
  if (config.toolDenyList.includes(toolName)) return false;
  return config.toolAllowList === null || config.toolAllowList.includes(toolName);
}
