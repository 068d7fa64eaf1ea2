import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDatabase, type Database } from "@mcp/db";
import pino from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "./config.js";
import { startPlatform } from "./platform.js";

describe("a start that fails part-way", { timeout: 120_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), "mcp-api-start-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("releases the audit journal, so the next start in the same process succeeds", async () => {
    const db = await createDatabase("memory://", {
      dataDir,
      encryptionKey: Buffer.alloc(32, 3).toString("base64"),
    });
    try {
      // The embedded database fails one start-up step after the journal is open.
      const failing: Database = {
        ...db,
        query: (sql, params, options) =>
          sql.includes("'cancelled'::")
            ? Promise.reject(new Error("disk I/O error while closing interrupted calls"))
            : db.query(sql, params, options),
      };
      const config = { ...loadConfig({}), dataDir };
      const logger = pino({ level: "silent" });
      await expect(startPlatform(config, { database: failing, logger })).rejects.toThrow("disk I/O error");
      expect(existsSync(join(dataDir, "audit-journal", "journal.lock"))).toBe(false);

      const platform = await startPlatform(config, { database: db, logger });
      expect(platform.auditJournal).toBeDefined();
      await platform.close({ drainTimeoutMs: 1_000 });
    } finally {
      await db.close();
    }
  });
});
