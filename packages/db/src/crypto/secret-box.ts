import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { DbError } from "../errors.js";

/** Encrypts and decrypts secrets with AES-256-GCM under one key. */
export interface SecretBox {
  /** A `v1.<iv>.<tag>.<ciphertext>` blob (base64url parts); a fresh random IV each call. */
  encrypt(plaintext: string): string;
  /** The plaintext of a blob from `encrypt`; throws `DbError("invalid")` if it was tampered with. */
  decrypt(blob: string): string;
}

const VERSION = "v1";

/**
 * Parses a key given as base64 of exactly 32 bytes (what `MCP_ENCRYPTION_KEY` holds).
 *
 * @example
 * const key = parseEncryptionKey(process.env.MCP_ENCRYPTION_KEY!);
 */
export function parseEncryptionKey(base64: string): Buffer {
  const key = Buffer.from(base64.trim(), "base64");
  if (key.length !== 32) {
    throw new DbError("invalid", `an encryption key must be base64 of 32 bytes (got ${key.length} bytes)`);
  }
  return key;
}

/**
 * A new random key, base64 (for `MCP_ENCRYPTION_KEY`).
 *
 * @example
 * console.log(`MCP_ENCRYPTION_KEY=${generateEncryptionKey()}`);
 */
export function generateEncryptionKey(): string {
  return randomBytes(32).toString("base64");
}

/**
 * A secret box over a 32-byte key (a Buffer, or its base64).
 *
 * @example
 * const box = createSecretBox(generateEncryptionKey());
 * box.decrypt(box.encrypt("s3cret")); // "s3cret"
 */
export function createSecretBox(key: Buffer | string): SecretBox {
  const keyBytes = typeof key === "string" ? parseEncryptionKey(key) : Buffer.from(key);
  if (keyBytes.length !== 32) throw new DbError("invalid", "an encryption key must be 32 bytes");
  return {
    encrypt(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", keyBytes, iv);
      const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, iv.toString("base64url"), tag.toString("base64url"), data.toString("base64url")].join(
        ".",
      );
    },
    decrypt(blob) {
      const [version, iv, tag, data] = blob.split(".");
      if (version !== VERSION || iv === undefined || tag === undefined || data === undefined) {
        throw new DbError("invalid", "not an encrypted secret of this format");
      }
      try {
        const decipher = createDecipheriv("aes-256-gcm", keyBytes, Buffer.from(iv, "base64url"));
        decipher.setAuthTag(Buffer.from(tag, "base64url"));
        return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString(
          "utf8",
        );
      } catch (cause) {
        // Wrong key or altered bytes: GCM's tag check fails. Never echo the blob.
        throw new DbError("invalid", "a secret could not be decrypted (wrong key or altered data)", {
          cause,
        });
      }
    },
  };
}

/** Encrypts a string map as one JSON blob; `undefined`/`null` and `{}` are stored as null. */
export function sealMap(box: SecretBox, map: Record<string, string> | null | undefined): string | null {
  if (!map || Object.keys(map).length === 0) return null;
  return box.encrypt(JSON.stringify(map));
}

/** The map inside a blob from `sealMap` (`{}` for null). */
export function openMap(box: SecretBox, blob: string | null): Record<string, string> {
  if (!blob) return {};
  return JSON.parse(box.decrypt(blob)) as Record<string, string>;
}
