import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isDbError } from "../errors.js";
import { KEY_FILE_NAME, loadOrCreateKeyFile } from "./key-file.js";
import {
  createSecretBox,
  generateEncryptionKey,
  openMap,
  parseEncryptionKey,
  sealMap,
} from "./secret-box.js";

describe("secret box (AES-256-GCM)", () => {
  const box = createSecretBox(generateEncryptionKey());

  it("round-trips text and never shows it in the blob", () => {
    const secret = "postgres://admin:hunter2@db/prod ☃";
    const blob = box.encrypt(secret);
    expect(blob.startsWith("v1.")).toBe(true);
    expect(blob).not.toContain("hunter2");
    expect(box.decrypt(blob)).toBe(secret);
  });

  it("uses a fresh IV each time", () => {
    expect(box.encrypt("same")).not.toBe(box.encrypt("same"));
  });

  it("refuses altered data, a wrong key and foreign formats", () => {
    const blob = box.encrypt("secret");
    const parts = blob.split(".");
    const data = Buffer.from(parts[3]!, "base64url");
    data[0] = data[0]! ^ 1;
    const altered = [parts[0], parts[1], parts[2], data.toString("base64url")].join(".");
    expect(() => box.decrypt(altered)).toThrow(/could not be decrypted/);
    expect(() => createSecretBox(generateEncryptionKey()).decrypt(blob)).toThrow(/could not be decrypted/);
    expect(() => box.decrypt("plain text")).toThrow(/not an encrypted secret/);
  });

  it("accepts only 32-byte keys", () => {
    expect(parseEncryptionKey(Buffer.alloc(32, 1).toString("base64"))).toHaveLength(32);
    let error: unknown;
    try {
      parseEncryptionKey(Buffer.alloc(16).toString("base64"));
    } catch (caught) {
      error = caught;
    }
    expect(isDbError(error) && error.code).toBe("invalid");
    expect(() => createSecretBox(Buffer.alloc(31))).toThrow(/32 bytes/);
  });

  it("seals maps as one blob, empty maps as null", () => {
    expect(sealMap(box, {})).toBeNull();
    expect(sealMap(box, null)).toBeNull();
    expect(openMap(box, null)).toEqual({});
    const sealed = sealMap(box, { TOKEN: "abc123" });
    expect(sealed).not.toContain("abc123");
    expect(openMap(box, sealed)).toEqual({ TOKEN: "abc123" });
  });
});

describe("key file of the embedded database", () => {
  const dir = mkdtempSync(join(tmpdir(), "mcp-db-key-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("is generated once with mode 0600 and then reused", () => {
    const first = loadOrCreateKeyFile(join(dir, "data"));
    const path = join(dir, "data", KEY_FILE_NAME);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(path, "utf8").trim(), "base64").equals(first)).toBe(true);
    chmodSync(path, 0o644);
    expect(loadOrCreateKeyFile(join(dir, "data")).equals(first)).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });
});
