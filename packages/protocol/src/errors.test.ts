import { describe, expect, it } from "vitest";
import {
  ErrorCode,
  isLocalError,
  isProtocolError,
  LocalError,
  LocalErrorCode,
  ProtocolError,
  resourceNotFoundError,
  toWireError,
  unsupportedProtocolVersionError,
  urlElicitationRequiredError,
} from "./errors.js";

describe("ProtocolError", () => {
  it("carries code, message, data and serialises to the wire shape", () => {
    const error = new ProtocolError(ErrorCode.InvalidParams, "bad", { field: "x" });
    expect(error.name).toBe("ProtocolError");
    expect(error.toJSON()).toEqual({ code: -32602, message: "bad", data: { field: "x" } });
    expect(new ProtocolError(-32603, "x").toJSON()).toEqual({ code: -32603, message: "x" });
    expect(ProtocolError.fromWire({ code: -32601, message: "m", data: 1 }).data).toBe(1);
  });

  it("is recognised by brand across copies, not by instanceof", () => {
    const foreign = Object.assign(new Error("x"), {
      [Symbol.for("@mcp/protocol/ProtocolError")]: true,
      code: 1,
    });
    expect(isProtocolError(foreign)).toBe(true);
    expect(isProtocolError(new Error("x"))).toBe(false);
    expect(isProtocolError(null)).toBe(false);
    expect(isProtocolError(new LocalError(LocalErrorCode.NotConnected, "x"))).toBe(false);
  });

  it("builds the MCP-specific errors", () => {
    expect(unsupportedProtocolVersionError("1999-01-01", ["2025-11-25"]).toJSON()).toEqual({
      code: -32602,
      message: "Unsupported protocol version",
      data: { supported: ["2025-11-25"], requested: "1999-01-01" },
    });
    expect(resourceNotFoundError("file:///x").toJSON()).toEqual({
      code: -32002,
      message: "Resource not found",
      data: { uri: "file:///x" },
    });
    const elicitation = { mode: "url", elicitationId: "e", url: "https://a.example", message: "m" };
    expect(urlElicitationRequiredError([elicitation]).toJSON()).toEqual({
      code: -32042,
      message: "URL elicitation required",
      data: { elicitations: [elicitation] },
    });
  });
});

describe("toWireError", () => {
  it("keeps protocol errors and hides everything else", () => {
    expect(toWireError(new ProtocolError(-32002, "nf"))).toEqual({ code: -32002, message: "nf" });
    const wire = toWireError(new Error("secret at /home/x"));
    expect(wire).toEqual({ code: -32603, message: "Internal error" });
    expect(JSON.stringify(wire)).not.toContain("secret");
    expect(toWireError("thrown string")).toEqual({ code: -32603, message: "Internal error" });
  });
});

describe("LocalError", () => {
  it("has a string code, data and cause", () => {
    const cause = new Error("root");
    const error = new LocalError(LocalErrorCode.RequestTimeout, "timed out", {
      cause,
      data: { timeoutMs: 5 },
    });
    expect(error.name).toBe("LocalError");
    expect(error.code).toBe("REQUEST_TIMEOUT");
    expect(error.cause).toBe(cause);
    expect(error.data).toEqual({ timeoutMs: 5 });
    expect(isLocalError(error)).toBe(true);
    expect(isLocalError(new ProtocolError(1, "x"))).toBe(false);
    expect(isLocalError(undefined)).toBe(false);
    expect(new LocalError(LocalErrorCode.NotConnected, "x").cause).toBeUndefined();
  });
});
