import type { Database, Owner, ServerRecord } from "@mcp/db";
import { getGlobalServer, getServer } from "@mcp/db";
import type { Context } from "hono";
import { ApiError, notFound } from "../http/api-error.js";
import { type AuthVariables, TENANT_HEADER, tenantOf } from "../http/auth.js";

/**
 * Where a server route acts: a tenant (its key's, or the one a platform admin names), or for a
 * platform admin who names none, the global servers.
 */
export type ServerScope = { kind: "tenant"; tenantId: string } | { kind: "global" };

export async function serverScopeOf(
  c: Context<{ Variables: AuthVariables }>,
  db: Database,
): Promise<ServerScope> {
  const principal = c.get("principal");
  if (principal.platformAdmin && c.req.header(TENANT_HEADER) === undefined) return { kind: "global" };
  return { kind: "tenant", tenantId: await tenantOf(c, db) };
}

/** A server visible in the scope, or 404. */
export async function findServer(db: Database, scope: ServerScope, idOrSlug: string): Promise<ServerRecord> {
  const server =
    scope.kind === "global"
      ? await getGlobalServer(db, idOrSlug)
      : await getServer(db, scope.tenantId, idOrSlug);
  if (!server) throw notFound("server");
  return server;
}

/**
 * The owner to write a server as. A tenant may change only its own servers; a global one is
 * visible to it but belongs to the platform, so a tenant's write gets 403, not a silent no-op.
 */
export function writeOwnerOf(
  c: Context<{ Variables: AuthVariables }>,
  scope: ServerScope,
  server: ServerRecord,
): Owner {
  if (server.global) {
    if (!c.get("principal").platformAdmin) {
      throw new ApiError(403, "forbidden", "global servers are managed by platform admins");
    }
    return { global: true };
  }
  if (scope.kind !== "tenant") throw notFound("server");
  return { tenantId: scope.tenantId };
}

/** The pool tenant key for calls made in a scope (global scope gets a key of its own). */
export function poolTenantOf(scope: ServerScope): string {
  return scope.kind === "global" ? "\u0000platform" : scope.tenantId;
}
