import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Database } from "../database.js";
import { DbError } from "../errors.js";
import type { ApiKey, ApiKeyRole, Tenant } from "../generated/prisma/client.js";

/** An API key as listed: everything but its hash. */
export type ApiKeyRecord = Omit<ApiKey, "hash">;

/** What `verifyApiKey` answers for a valid key. `tenant` is null for a platform admin key. */
export interface VerifiedApiKey {
  apiKey: ApiKeyRecord;
  tenant: Tenant | null;
}

const KEY_PREFIX = "mcp_";
const SHOWN_PREFIX_LENGTH = 12;
// Writing lastUsedAt on every request would turn each read into a write; a minute is enough.
const LAST_USED_RESOLUTION_MS = 60_000;

function hashKey(plaintext: string): string {
  return createHash("sha256").update(plaintext).digest("hex");
}

function withoutHash(key: ApiKey): ApiKeyRecord {
  const { hash: _hash, ...record } = key;
  return record;
}

/**
 * Creates an API key for a tenant (`tenantId`) or the platform (`tenantId: null`, an admin
 * key). The plaintext is returned only here; the database keeps its SHA-256 and a prefix.
 *
 * @example
 * const { plaintext, apiKey } = await createApiKey(db, { tenantId: t.id, name: "ci", role: "member" });
 */
export async function createApiKey(
  db: Database,
  input: {
    tenantId: string | null;
    name: string;
    role?: ApiKeyRole;
    expiresAt?: Date | null;
    /** Install this key instead of generating one (an operator-chosen admin key); `mcp_` and at least 32 characters. */
    plaintext?: string;
  },
): Promise<{ apiKey: ApiKeyRecord; plaintext: string }> {
  const role = input.role ?? "member";
  if (
    input.plaintext !== undefined &&
    (!input.plaintext.startsWith(KEY_PREFIX) || input.plaintext.length < 32)
  ) {
    throw new DbError(
      "invalid",
      `a chosen API key must start with "${KEY_PREFIX}" and have at least 32 characters`,
    );
  }
  if (input.tenantId === null && role !== "admin") {
    throw new DbError("invalid", "a key without a tenant is a platform key and must have the admin role");
  }
  const plaintext = input.plaintext ?? `${KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
  const key = await db.prisma.apiKey.create({
    data: {
      tenantId: input.tenantId,
      name: input.name,
      role,
      prefix: plaintext.slice(0, SHOWN_PREFIX_LENGTH),
      hash: hashKey(plaintext),
      expiresAt: input.expiresAt ?? null,
    },
  });
  return { apiKey: withoutHash(key), plaintext };
}

/**
 * The key and its tenant when `plaintext` is a valid key (not revoked, not expired), else null.
 * Looks the key up by its hash and compares the hashes in constant time; records the last use.
 *
 * @example
 * const verified = await verifyApiKey(db, header.replace(/^Bearer /, ""));
 * if (!verified) return c.json({ error: "unauthorized" }, 401);
 */
export async function verifyApiKey(
  db: Database,
  plaintext: string,
  options: {
    now?: Date;
    /** Write `lastUsedAt` (at most once a minute per key); false leaves it to `touchApiKey`. Default true. */
    touch?: boolean;
  } = {},
): Promise<VerifiedApiKey | null> {
  if (!plaintext.startsWith(KEY_PREFIX)) return null;
  const hash = hashKey(plaintext);
  const key = await db.prisma.apiKey.findUnique({ where: { hash }, include: { tenant: true } });
  if (!key || !timingSafeEqual(Buffer.from(key.hash, "hex"), Buffer.from(hash, "hex"))) return null;
  const now = options.now ?? new Date();
  if (key.revokedAt || (key.expiresAt && key.expiresAt <= now)) return null;
  let lastUsedAt = key.lastUsedAt;
  if (
    options.touch !== false &&
    (!lastUsedAt || now.getTime() - lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS)
  ) {
    await db.prisma.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: now } });
    lastUsedAt = now;
  }
  const { tenant, ...rest } = key;
  return { apiKey: { ...withoutHash(rest), lastUsedAt }, tenant };
}

/**
 * Records that a key was used at `at` (default now), without moving `lastUsedAt` backwards; for
 * callers that verify keys from a cache and record use themselves, off the request path.
 *
 * @example
 * void touchApiKey(db, verified.apiKey.id).catch(logError);
 */
export async function touchApiKey(db: Database, id: string, at: Date = new Date()): Promise<void> {
  await db.prisma.apiKey.updateMany({
    where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: at } }] },
    data: { lastUsedAt: at },
  });
}

/**
 * The keys of a tenant, or the platform keys with `tenantId: null`, newest first, without hashes.
 *
 * @example
 * const keys = await listApiKeys(db, tenant.id);
 */
export async function listApiKeys(db: Database, tenantId: string | null): Promise<ApiKeyRecord[]> {
  const keys = await db.prisma.apiKey.findMany({ where: { tenantId }, orderBy: { createdAt: "desc" } });
  return keys.map(withoutHash);
}

/**
 * Revokes a key of the tenant (or a platform key with `tenantId: null`). Returns whether a key
 * was revoked (false when it is unknown, another tenant's, or already revoked).
 *
 * @example
 * await revokeApiKey(db, tenant.id, keyId);
 */
export async function revokeApiKey(db: Database, tenantId: string | null, id: string): Promise<boolean> {
  const { count } = await db.prisma.apiKey.updateMany({
    where: { id, tenantId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  return count > 0;
}
