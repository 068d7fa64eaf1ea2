import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, describe, expect, it } from "vitest";
import { createServer, getGlobalServer } from "./access/servers.js";
import { createTenant, listTenants } from "./access/tenants.js";
import { KEY_FILE_NAME } from "./crypto/key-file.js";
import { createSecretBox } from "./crypto/secret-box.js";
import { createDatabase } from "./database.js";
import { isDbError } from "./errors.js";
import { resetDatabase } from "./reset.js";
import { OPEN_TIMEOUT_MS, TEST_KEY } from "./test-support/databases.js";

describe("createDatabase", () => {
  const dir = mkdtempSync(join(tmpdir(), "mcp-db-open-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("embedded: creates the data directory and its 0600 key, migrates once, keeps data across opens", {
    timeout: 2 * OPEN_TIMEOUT_MS,
  }, async () => {
    const dataDir = join(dir, "data");
    const saved = process.env["MCP_ENCRYPTION_KEY"];
    delete process.env["MCP_ENCRYPTION_KEY"];
    try {
      const first = await createDatabase(undefined, { dataDir });
      expect(first.provider).toBe("pglite");
      expect(first.appliedMigrations.length).toBeGreaterThan(0);
      expect(statSync(join(dataDir, KEY_FILE_NAME)).mode & 0o777).toBe(0o600);
      const tenant = await createTenant(first, { slug: "kept", name: "Kept" });
      await createServer(
        first,
        { tenantId: tenant.id },
        {
          slug: "s",
          name: "S",
          transport: "stdio",
          command: "node",
          env: { SECRET: "kept-secret" },
        },
      );
      await first.close();

      // Reopening finds nothing pending (one query, no schema engine) and the same key.
      const second = await createDatabase(`file:${dataDir}`);
      expect(second.appliedMigrations).toEqual([]);
      const [server] = await second.prisma.mcpServer.findMany();
      expect(server && second.secrets.decrypt(server.envEncrypted!)).toBe('{"SECRET":"kept-secret"}');

      // Reset drops everything and re-applies the migrations.
      expect(await resetDatabase(second)).toEqual(first.appliedMigrations);
      expect(await listTenants(second)).toEqual([]);
      expect(await getGlobalServer(second, "s")).toBeNull();
      await second.close();

      // A caller's PGlite (reopened, so fast) stays open; MCP_ENCRYPTION_KEY wins over the file.
      const pglite = await PGlite.create(join(dataDir, "pglite"));
      process.env["MCP_ENCRYPTION_KEY"] = TEST_KEY;
      const third = await createDatabase(undefined, { pglite });
      expect(third.appliedMigrations).toEqual([]);
      expect(createSecretBox(TEST_KEY).decrypt(third.secrets.encrypt("x"))).toBe("x");
      await third.close();
      expect(pglite.closed).toBe(false);
      expect((await pglite.query("select 1 as one")).rows).toEqual([{ one: 1 }]);
      await pglite.close();
    } finally {
      if (saved === undefined) delete process.env["MCP_ENCRYPTION_KEY"];
      else process.env["MCP_ENCRYPTION_KEY"] = saved;
    }
  });

  it("refuses unknown URL schemes and PostgreSQL without an encryption key", async () => {
    const errorOf = async (promise: Promise<unknown>) =>
      promise.then(
        () => undefined,
        (error: unknown) => error,
      );
    const scheme = await errorOf(createDatabase("mysql://root@127.0.0.1/x"));
    expect(isDbError(scheme) && scheme.message).toMatch(/unsupported database URL scheme: mysql/);
    const saved = process.env["MCP_ENCRYPTION_KEY"];
    delete process.env["MCP_ENCRYPTION_KEY"];
    try {
      // No query is sent: the key is checked before the first connection.
      const noKey = await errorOf(createDatabase("postgres://nobody@127.0.0.1:1/none"));
      expect(isDbError(noKey) && noKey.message).toMatch(/MCP_ENCRYPTION_KEY/);
      const badKey = await errorOf(
        createDatabase("postgres://nobody@127.0.0.1:1/none", { encryptionKey: "c2hvcnQ=" }),
      );
      expect(isDbError(badKey) && badKey.code).toBe("invalid");
    } finally {
      if (saved !== undefined) process.env["MCP_ENCRYPTION_KEY"] = saved;
    }
  });
});
