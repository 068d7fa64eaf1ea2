import type { Database } from "../database.js";
import { DbError, isUniqueViolation } from "../errors.js";
import type { Agent } from "../generated/prisma/client.js";

/**
 * Creates an agent of a tenant; the name is unique within the tenant.
 *
 * @example
 * const bot = await createAgent(db, tenant.id, { name: "support-bot" });
 */
export async function createAgent(
  db: Database,
  tenantId: string,
  input: { name: string; description?: string | null },
): Promise<Agent> {
  if (!input.name.trim()) throw new DbError("invalid", "an agent needs a name");
  try {
    return await db.prisma.agent.create({
      data: { tenantId, name: input.name, description: input.description ?? null },
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new DbError("conflict", `agent "${input.name}" exists`, { cause: error });
    throw error;
  }
}

/**
 * The tenant's agents, by name.
 *
 * @example
 * const agents = await listAgents(db, tenant.id);
 */
export async function listAgents(db: Database, tenantId: string): Promise<Agent[]> {
  return db.prisma.agent.findMany({ where: { tenantId }, orderBy: { name: "asc" } });
}

/**
 * One of the tenant's agents, or null (also when it belongs to another tenant).
 *
 * @example
 * const agent = await getAgent(db, tenant.id, agentId);
 */
export async function getAgent(db: Database, tenantId: string, id: string): Promise<Agent | null> {
  return db.prisma.agent.findFirst({ where: { id, tenantId } });
}

/**
 * Deletes one of the tenant's agents (its config overrides go with it; executions keep their
 * rows with the agent cleared). Returns whether a row was deleted.
 *
 * @example
 * await deleteAgent(db, tenant.id, agentId);
 */
export async function deleteAgent(db: Database, tenantId: string, id: string): Promise<boolean> {
  const { count } = await db.prisma.agent.deleteMany({ where: { id, tenantId } });
  return count > 0;
}
