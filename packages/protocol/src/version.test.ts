import { describe, expect, it } from "vitest";
import { compareProtocolVersions, protocolFeatures } from "./features.js";
import {
  DEFAULT_NEGOTIATED_PROTOCOL_VERSION,
  isSupportedProtocolVersion,
  LATEST_PROTOCOL_VERSION,
  negotiateProtocolVersion,
  SUPPORTED_PROTOCOL_VERSIONS,
} from "./version.js";

describe("versions", () => {
  it("lists the supported versions newest first", () => {
    expect(SUPPORTED_PROTOCOL_VERSIONS[0]).toBe(LATEST_PROTOCOL_VERSION);
    expect([...SUPPORTED_PROTOCOL_VERSIONS].sort().reverse()).toEqual([...SUPPORTED_PROTOCOL_VERSIONS]);
    expect(DEFAULT_NEGOTIATED_PROTOCOL_VERSION).toBe("2025-03-26");
  });

  it("negotiates: the requested version when supported, else the newest", () => {
    for (const version of SUPPORTED_PROTOCOL_VERSIONS)
      expect(negotiateProtocolVersion(version)).toBe(version);
    expect(negotiateProtocolVersion("2099-01-01")).toBe("2025-11-25");
    expect(negotiateProtocolVersion("2024-01-01")).toBe("2025-11-25");
    expect(negotiateProtocolVersion("2025-11-25", ["2025-06-18", "2025-03-26"])).toBe("2025-06-18");
    expect(() => negotiateProtocolVersion("x", [])).toThrow(RangeError);
  });

  it("recognises supported versions", () => {
    expect(isSupportedProtocolVersion("2024-11-05")).toBe(true);
    expect(isSupportedProtocolVersion("2026-07-28")).toBe(false);
    expect(isSupportedProtocolVersion(20251125)).toBe(false);
    expect(isSupportedProtocolVersion("2025-06-18", ["2025-11-25"])).toBe(false);
  });
});

describe("protocolFeatures", () => {
  it("follows the changelog of each version", () => {
    const v1 = protocolFeatures("2024-11-05");
    const v2 = protocolFeatures("2025-03-26");
    const v3 = protocolFeatures("2025-06-18");
    const v4 = protocolFeatures("2025-11-25");
    expect(Object.values(v1).filter(Boolean)).toEqual([]);
    expect([v1.jsonRpcBatching, v2.jsonRpcBatching, v3.jsonRpcBatching, v4.jsonRpcBatching]).toEqual([
      false,
      true,
      false,
      false,
    ]);
    expect(v2.toolAnnotations && v2.audioContent && !v2.structuredToolOutput && !v2.elicitation).toBe(true);
    expect(
      v3.structuredToolOutput && v3.elicitation && v3.resourceLinks && !v3.tasks && !v3.urlElicitation,
    ).toBe(true);
    expect(
      Object.entries(v4)
        .filter(([, on]) => !on)
        .map(([name]) => name),
    ).toEqual(["jsonRpcBatching"]);
  });

  it("refuses unknown versions", () => {
    expect(() => protocolFeatures("2026-07-28")).toThrow(/Unsupported protocol version "2026-07-28"/);
  });

  it("compares versions by date", () => {
    expect(compareProtocolVersions("2025-06-18", "2025-11-25")).toBeLessThan(0);
    expect(compareProtocolVersions("2025-11-25", "2025-06-18")).toBeGreaterThan(0);
    expect(compareProtocolVersions("2025-11-25", "2025-11-25")).toBe(0);
  });
});
