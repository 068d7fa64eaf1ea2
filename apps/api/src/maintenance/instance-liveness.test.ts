import type { Database } from "@mcp/db";
import pino from "pino";
import { describe, expect, it, vi } from "vitest";
import { startInstanceLiveness } from "./instance-liveness.js";

// A stand-in for PostgreSQL that records which statements ran when, and can be made to fail.
function fakePostgres() {
  const log: { kind: "beat" | "sweep" | "remove"; at: number }[] = [];
  const state = { down: false };
  const db = {
    provider: "postgresql",
    query: async (sql: string) => {
      if (state.down) throw Object.assign(new Error("connection refused"), { code: "ECONNREFUSED" });
      const kind = sql.includes('INSERT INTO "ApiInstance"')
        ? "beat"
        : sql.includes("WITH stale")
          ? "sweep"
          : "remove";
      log.push({ kind, at: performance.now() });
      return kind === "sweep" ? [{ instances: 0, executions: 0 }] : [];
    },
  } as unknown as Database;
  return { db, log, state };
}

describe("instance liveness", () => {
  const logger = pino({ level: "silent" });
  const timing = { heartbeatMs: 50, staleAfterMs: 500 };
  const sweeps = (log: { kind: string; at: number }[]) => log.filter((entry) => entry.kind === "sweep");

  it("does nothing with the embedded database", async () => {
    const db = {
      provider: "pglite",
      query: () => Promise.reject(new Error("not expected")),
    } as unknown as Database;
    expect(await startInstanceLiveness(db, logger, timing)).toBeUndefined();
  });

  it("sweeps only after its own heartbeats have landed on time for a whole stale window", async () => {
    const { db, log, state } = fakePostgres();
    const started = performance.now();
    const liveness = await startInstanceLiveness(db, logger, timing);
    try {
      expect(log[0]?.kind).toBe("beat");
      await vi.waitFor(() => expect(sweeps(log).length).toBeGreaterThan(0), { timeout: 10_000 });
      expect(sweeps(log)[0]!.at - started).toBeGreaterThanOrEqual(timing.staleAfterMs);

      // An outage longer than two heartbeats: once the database is back, every instance looks
      // stale to it for a moment, so this one waits a whole window of its own beats again.
      state.down = true;
      await new Promise((resolve) => setTimeout(resolve, 4 * timing.heartbeatMs));
      state.down = false;
      const back = performance.now();
      await vi.waitFor(() => expect(sweeps(log).filter((s) => s.at > back).length).toBeGreaterThan(0), {
        timeout: 10_000,
      });
      const firstAfter = sweeps(log).find((s) => s.at > back)!;
      expect(firstAfter.at - back).toBeGreaterThanOrEqual(timing.staleAfterMs - timing.heartbeatMs);
    } finally {
      await liveness?.stop();
    }
    expect(log.at(-1)?.kind).toBe("remove");
  });
});
