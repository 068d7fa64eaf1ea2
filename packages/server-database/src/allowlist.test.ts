import { describe, expect, it } from "vitest";
import { hasAllowlist, tableAllowed } from "./allowlist.js";

describe("tableAllowed", () => {
  it("allows everything without an allowlist", () => {
    const allowed = tableAllowed({}, { caseSensitive: true, defaultSchema: "public" });
    expect(allowed({ schema: "secret", name: "keys" })).toBe(true);
    expect(hasAllowlist({})).toBe(false);
    expect(hasAllowlist({ tables: [] })).toBe(false);
  });

  it("limits by schema, resolving unqualified names to the default schema", () => {
    const allowed = tableAllowed({ schemas: ["public"] }, { caseSensitive: true, defaultSchema: "public" });
    expect(allowed({ name: "users" })).toBe(true);
    expect(allowed({ schema: "secret", name: "users" })).toBe(false);
    expect(hasAllowlist({ schemas: ["public"] })).toBe(true);
  });

  it("limits by table, with or without a schema in the entry", () => {
    const allowed = tableAllowed(
      { tables: ["users", "audit.events"] },
      { caseSensitive: true, defaultSchema: "public" },
    );
    expect(allowed({ name: "users" })).toBe(true);
    expect(allowed({ schema: "other", name: "users" })).toBe(true);
    expect(allowed({ schema: "audit", name: "events" })).toBe(true);
    expect(allowed({ name: "events" })).toBe(false);
    expect(allowed({ name: "Users" })).toBe(false);
  });

  it("compares case-insensitively where the dialect does", () => {
    const allowed = tableAllowed({ tables: ["App.Users"] }, { caseSensitive: false, defaultSchema: "app" });
    expect(allowed({ name: "USERS" })).toBe(true);
  });
});
