import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateEncryptionKey, parseEncryptionKey } from "./secret-box.js";

/** The file, inside an embedded database's data directory, that keeps its generated key. */
export const KEY_FILE_NAME = "encryption.key";

/**
 * The key kept in `<dataDir>/encryption.key`, generated (mode 0600) on first use. Only for the
 * embedded database: a real deployment passes `MCP_ENCRYPTION_KEY` instead.
 *
 * @example
 * const key = loadOrCreateKeyFile(".data");
 */
export function loadOrCreateKeyFile(dataDir: string): Buffer {
  const path = join(dataDir, KEY_FILE_NAME);
  if (existsSync(path)) {
    // Someone may have loosened it; a readable key is a leaked key.
    if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
    return parseEncryptionKey(readFileSync(path, "utf8"));
  }
  mkdirSync(dataDir, { recursive: true });
  const key = generateEncryptionKey();
  // "wx": if another process created it in between, fail rather than overwrite its key.
  writeFileSync(path, `${key}\n`, { mode: 0o600, flag: "wx" });
  return parseEncryptionKey(key);
}
