import { type Database, getTenant as getTenantFromDb } from "@mcp/db";
import type { Context, MiddlewareHandler } from "hono";
import type { PlatformCache } from "../cache/platform-cache.js";
import { ApiError } from "./api-error.js";

/** Roles as the API names them, strongest first. */
export const ROLES = ["admin", "member", "read-only"] as const;
export type Role = (typeof ROLES)[number];

const DB_ROLE_TO_API: Record<string, Role> = { admin: "admin", member: "member", read_only: "read-only" };
const RANK: Record<Role, number> = { admin: 3, member: 2, "read-only": 1 };

/** Who is calling: one API key, its role, and its tenant (null for a platform admin key). */
export interface Principal {
  apiKeyId: string;
  role: Role;
  tenantId: string | null;
  platformAdmin: boolean;
}

/** What `authenticate` sets for the routes: the caller, and the cache its lookups go through. */
export type AuthVariables = { principal: Principal; platformCache?: PlatformCache };

/** Maps a stored role to the API's; an unknown or differently-cased role maps to nothing. */
export function apiRoleOf(dbRole: string): Role | undefined {
  return Object.hasOwn(DB_ROLE_TO_API, dbRole) ? DB_ROLE_TO_API[dbRole] : undefined;
}

/** The stored role for an API role; `undefined` for anything not exactly one of {@link ROLES}. */
export function dbRoleOf(role: string): "admin" | "member" | "read_only" | undefined {
  if (role === "admin" || role === "member") return role;
  if (role === "read-only") return "read_only";
  return undefined;
}

/**
 * Requires `Authorization: Bearer <key>`; the key is looked up by its SHA-256 and compared in
 * constant time by `@mcp/db`, through the platform cache (a verified key is trusted for the
 * cache's TTL unless this process revokes it). Sets `principal` and `platformCache`.
 *
 * @example
 * app.use("/v1/*", authenticate(cache));
 */
export function authenticate(cache: PlatformCache): MiddlewareHandler<{ Variables: AuthVariables }> {
  return async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer ([^\s]+)$/i.exec(header.trim());
    if (!match) {
      c.header("WWW-Authenticate", 'Bearer realm="mcp-platform"');
      throw new ApiError(401, "unauthorized", "an API key is required: Authorization: Bearer <key>");
    }
    const verified = await cache.verifyApiKey(match[1]!);
    if (!verified) {
      c.header("WWW-Authenticate", 'Bearer realm="mcp-platform", error="invalid_token"');
      throw new ApiError(401, "unauthorized", "the API key is unknown, revoked or expired");
    }
    const role = apiRoleOf(verified.apiKey.role);
    if (!role) throw new ApiError(403, "forbidden", "the API key has an unknown role");
    c.set("principal", {
      apiKeyId: verified.apiKey.id,
      role,
      tenantId: verified.apiKey.tenantId,
      platformAdmin: verified.apiKey.tenantId === null,
    });
    c.set("platformCache", cache);
    await next();
  };
}

/**
 * Refuses callers below `minimum` (admin > member > read-only). Platform admin keys are admins.
 *
 * @example
 * requireRole(c, "member");
 */
export function requireRole(c: Context<{ Variables: AuthVariables }>, minimum: Role): Principal {
  const principal = c.get("principal");
  if (RANK[principal.role] < RANK[minimum]) {
    throw new ApiError(
      403,
      "forbidden",
      `this action needs the ${minimum} role; the key has ${principal.role}`,
    );
  }
  return principal;
}

/** Refuses anyone but a platform admin key. */
export function requirePlatformAdmin(c: Context<{ Variables: AuthVariables }>): Principal {
  const principal = c.get("principal");
  if (!principal.platformAdmin)
    throw new ApiError(403, "forbidden", "this action needs a platform admin key");
  return principal;
}

/** The header a platform admin key uses to act inside one tenant. */
export const TENANT_HEADER = "x-mcp-tenant";

/**
 * The tenant a request acts in: the key's own tenant, or for a platform admin key the tenant named
 * by the `X-MCP-Tenant` header (id or slug). A tenant key naming another tenant is refused.
 *
 * @example
 * const tenantId = await tenantOf(c, db);
 */
export async function tenantOf(c: Context<{ Variables: AuthVariables }>, db: Database): Promise<string> {
  const principal = c.get("principal");
  const named = c.req.header(TENANT_HEADER);
  const cache = c.get("platformCache");
  const getTenant = (idOrSlug: string) => (cache ? cache.tenant(idOrSlug) : getTenantFromDb(db, idOrSlug));
  if (principal.tenantId !== null) {
    if (named !== undefined && named !== principal.tenantId) {
      const tenant = await getTenant(named);
      if (tenant?.id !== principal.tenantId) {
        throw new ApiError(403, "forbidden", "a tenant key can only act in its own tenant");
      }
    }
    return principal.tenantId;
  }
  if (!named) {
    throw new ApiError(
      400,
      "tenant_required",
      "a platform admin key must name the tenant with the X-MCP-Tenant header",
    );
  }
  const tenant = await getTenant(named);
  if (!tenant) throw new ApiError(404, "not_found", "tenant not found");
  return tenant.id;
}
