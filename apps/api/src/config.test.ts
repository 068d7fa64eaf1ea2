import { describe, expect, it } from "vitest";
import { DEFAULT_RUNNING_ROW_DELAY_MS, loadConfig } from "./config.js";

describe("loadConfig", () => {
  it("defaults: the audit journal with the embedded database only, applied every 25 ms", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 8787,
      host: "127.0.0.1",
      databaseUrl: undefined,
      runningRowDelayMs: DEFAULT_RUNNING_ROW_DELAY_MS,
      auditJournal: "auto",
      auditJournalFlushMs: 25,
    });
  });

  it("reads the audit settings and names the variable it refuses", () => {
    expect(
      loadConfig({
        MCP_AUDIT_JOURNAL: "on",
        MCP_AUDIT_JOURNAL_FLUSH_MS: "25",
        MCP_AUDIT_RUNNING_ROW_DELAY_MS: "0",
      }),
    ).toMatchObject({ auditJournal: "on", auditJournalFlushMs: 25, runningRowDelayMs: 0 });
    expect(loadConfig({ MCP_AUDIT_JOURNAL: "off" }).auditJournal).toBe("off");
    expect(() => loadConfig({ MCP_AUDIT_JOURNAL: "ON" })).toThrow(
      "MCP_AUDIT_JOURNAL must be auto, on or off",
    );
    expect(() => loadConfig({ MCP_AUDIT_JOURNAL_FLUSH_MS: "0" })).toThrow("MCP_AUDIT_JOURNAL_FLUSH_MS");
    expect(() => loadConfig({ PORT: "70000" })).toThrow("PORT");
  });

  it("instance liveness on a shared database: a heartbeat every 10 s, silent 60 s means dead", () => {
    expect(loadConfig({})).toMatchObject({ instanceHeartbeatMs: 10_000, instanceStaleMs: 60_000 });
    expect(loadConfig({ MCP_INSTANCE_HEARTBEAT_MS: "5000", MCP_INSTANCE_STALE_MS: "10000" })).toMatchObject({
      instanceHeartbeatMs: 5_000,
      instanceStaleMs: 10_000,
    });
    // A window shorter than two heartbeats would close a live instance's calls after one late beat.
    expect(() => loadConfig({ MCP_INSTANCE_HEARTBEAT_MS: "5000", MCP_INSTANCE_STALE_MS: "9999" })).toThrow(
      "must be at least twice MCP_INSTANCE_HEARTBEAT_MS",
    );
  });
});
