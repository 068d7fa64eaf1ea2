import { describe, expect, it } from "vitest";
import { createHostValidator, isLoopbackHost } from "./host-validation.js";

const req = (headers: Record<string, string>, url = "http://localhost/mcp") => new Request(url, { headers });

describe("createHostValidator", () => {
  it("allows the loopback names on any port by default and rejects others", () => {
    const check = createHostValidator();
    for (const host of ["localhost", "localhost:8080", "127.0.0.1:3000", "[::1]", "[::1]:9"]) {
      expect(check(req({ host })), host).toEqual({ ok: true });
    }
    for (const host of ["evil.example.com", "evil.example.com:3000", "127.0.0.2", "localhost.evil.com"]) {
      expect(check(req({ host })).ok, host).toBe(false);
    }
  });

  it("falls back to the URL's host when the runtime left Host out", () => {
    const check = createHostValidator();
    expect(check(req({}, "http://127.0.0.1:5/mcp")).ok).toBe(true);
    expect(check(req({}, "http://evil.example.com/mcp")).ok).toBe(false);
  });

  it("checks Origin when present: loopback origins pass, others and garbage fail", () => {
    const check = createHostValidator();
    expect(check(req({ host: "localhost", origin: "http://localhost:5173" })).ok).toBe(true);
    expect(check(req({ host: "localhost", origin: "https://127.0.0.1" })).ok).toBe(true);
    const evil = check(req({ host: "localhost", origin: "http://evil.example.com" }));
    expect(evil).toEqual({ ok: false, reason: "Origin not allowed: http://evil.example.com" });
    expect(check(req({ host: "localhost", origin: "null" })).ok).toBe(false);
  });

  it("takes host:port entries (that port only), exact origins, and can be turned off", () => {
    const check = createHostValidator({
      allowedHosts: ["mcp.example.com:8443", "api.example.com"],
      allowedOrigins: ["https://app.example.com"],
    });
    expect(check(req({ host: "mcp.example.com:8443" })).ok).toBe(true);
    expect(check(req({ host: "mcp.example.com:9000" })).ok).toBe(false);
    expect(check(req({ host: "api.example.com:1" })).ok).toBe(true);
    expect(check(req({ host: "api.example.com", origin: "https://app.example.com" })).ok).toBe(true);
    expect(check(req({ host: "api.example.com", origin: "http://app.example.com" })).ok).toBe(false);
    const off = createHostValidator({ enabled: false });
    expect(off(req({ host: "evil.example.com" })).ok).toBe(true);
  });
});

describe("isLoopbackHost", () => {
  it("recognises loopback names and addresses", () => {
    for (const h of ["localhost", "LOCALHOST", "127.0.0.1", "127.1.2.3", "::1", "[::1]", "a.localhost"]) {
      expect(isLoopbackHost(h), h).toBe(true);
    }
    for (const h of ["0.0.0.0", "10.0.0.1", "example.com", "::"]) expect(isLoopbackHost(h), h).toBe(false);
  });
});
