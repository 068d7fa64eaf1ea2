import { createDatabase, type Database } from "@mcp/db";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedMaintenance } from "./embedded-maintenance.js";

function capturingLogger() {
  const lines: { level: number; msg: string }[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

describe("embedded database maintenance", { timeout: 120_000 }, () => {
  let db: Database;
  beforeAll(async () => {
    db = await createDatabase("memory://");
  }, 300_000);
  afterAll(async () => {
    await db?.close();
  });

  it("runs once before returning, then on its interval until stopped", async () => {
    const { logger, lines } = capturingLogger();
    const maintenance = await startEmbeddedMaintenance(db, logger, 30);
    const done = () => lines.filter((line) => line.msg === "vacuumed and analyzed the embedded database");
    expect(done()).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await maintenance.stop();
    const runs = done().length;
    expect(runs).toBeGreaterThan(1);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(done()).toHaveLength(runs);
  });

  it("logs a failed run as a warning instead of throwing", async () => {
    const { logger, lines } = capturingLogger();
    const broken = {
      ...db,
      query: async () => {
        throw new Error("database unavailable");
      },
    } as Database;
    const maintenance = await startEmbeddedMaintenance(broken, logger, 60_000);
    await maintenance.stop();
    expect(lines.map((line) => line.msg)).toEqual([
      "embedded database maintenance failed; retrying at the next interval",
    ]);
  });

  it("schedules nothing on PostgreSQL, whose autovacuum does the work", async () => {
    const { logger, lines } = capturingLogger();
    const maintenance = await startEmbeddedMaintenance(
      { ...db, provider: "postgresql" } as Database,
      logger,
      10,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    await maintenance.stop();
    expect(lines).toEqual([]);
  });
});
