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
});
