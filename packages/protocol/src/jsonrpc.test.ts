import { describe, expect, it } from "vitest";
import { ErrorCode, isProtocolError } from "./errors.js";
import {
  decodeJSONRPCMessage,
  isJSONRPCErrorResponse,
  isJSONRPCNotification,
  isJSONRPCRequest,
  isJSONRPCResultResponse,
  JSONRPCMessageSchema,
  parseJSONRPCMessage,
} from "./jsonrpc.js";

function rejection(value: unknown): { code: number; message: string } {
  try {
    parseJSONRPCMessage(value);
  } catch (error) {
    if (!isProtocolError(error)) throw error;
    return { code: error.code, message: error.message };
  }
  throw new Error("expected a rejection");
}

describe("parseJSONRPCMessage", () => {
  it("accepts the four kinds and returns the same object", () => {
    const request = { jsonrpc: "2.0", id: 7, method: "tools/list" };
    const notification = { jsonrpc: "2.0", method: "notifications/initialized" };
    const result = { jsonrpc: "2.0", id: "a", result: { tools: [] } };
    const error = { jsonrpc: "2.0", id: 1, error: { code: -32601, message: "Method not found" } };
    expect(parseJSONRPCMessage(request)).toBe(request);
    expect(isJSONRPCRequest(parseJSONRPCMessage(request))).toBe(true);
    expect(isJSONRPCNotification(parseJSONRPCMessage(notification))).toBe(true);
    expect(isJSONRPCResultResponse(parseJSONRPCMessage(result))).toBe(true);
    expect(isJSONRPCErrorResponse(parseJSONRPCMessage(error))).toBe(true);
    expect(isJSONRPCRequest(parseJSONRPCMessage(notification))).toBe(false);
  });

  it("accepts an error response without id (parse error) and keeps unknown members", () => {
    const message = { jsonrpc: "2.0", error: { code: -32700, message: "Parse error" }, x: 1 };
    expect(parseJSONRPCMessage(message)).toEqual(message);
  });

  it.each([
    ["a batch array", [{ jsonrpc: "2.0", method: "ping", id: 1 }], /batches are not supported/],
    ["null", null, /must be an object, got null/],
    ["a string", "ping", /must be an object, got a string/],
    ["missing jsonrpc", { id: 1, method: "ping" }, /Missing "jsonrpc": "2.0"/],
    ["jsonrpc 1.0", { jsonrpc: "1.0", id: 1, method: "ping" }, /Unsupported JSON-RPC version "1.0"/],
    ["jsonrpc as number", { jsonrpc: 2, id: 1, method: "ping" }, /Unsupported JSON-RPC version 2/],
    [
      "request id null",
      { jsonrpc: "2.0", id: null, method: "ping" },
      /id must be a string or an integer, not null/,
    ],
    ["request id float", { jsonrpc: "2.0", id: 1.5, method: "ping" }, /non-integer 1.5/],
    ["request id object", { jsonrpc: "2.0", id: {}, method: "ping" }, /got a object/],
    ["method not a string", { jsonrpc: "2.0", id: 1, method: 5 }, /"method" must be a string/],
    [
      "params an array",
      { jsonrpc: "2.0", id: 1, method: "ping", params: [1] },
      /"params" must be an object, got an array/,
    ],
    ["params null", { jsonrpc: "2.0", method: "ping", params: null }, /"params" must be an object, got null/],
    [
      "method with result",
      { jsonrpc: "2.0", id: 1, method: "ping", result: {} },
      /cannot carry "result" or "error"/,
    ],
    [
      "result and error",
      { jsonrpc: "2.0", id: 1, result: {}, error: { code: 1, message: "x" } },
      /both "result" and "error"/,
    ],
    ["result without id", { jsonrpc: "2.0", result: {} }, /needs an "id"/],
    ["result with null id", { jsonrpc: "2.0", id: null, result: {} }, /not null/],
    ["result not an object", { jsonrpc: "2.0", id: 1, result: 3 }, /"result" must be an object/],
    ["error with null id", { jsonrpc: "2.0", id: null, error: { code: -32700, message: "x" } }, /not null/],
    ["error not an object", { jsonrpc: "2.0", id: 1, error: "bad" }, /"error" must be an object/],
    [
      "error code not integer",
      { jsonrpc: "2.0", id: 1, error: { code: 1.5, message: "x" } },
      /"error.code" must be an integer/,
    ],
    [
      "error message missing",
      { jsonrpc: "2.0", id: 1, error: { code: 1 } },
      /"error.message" must be a string/,
    ],
    ["nothing", { jsonrpc: "2.0", id: 1 }, /Not a request, notification or response/],
  ])("rejects %s with -32600 and a precise message", (_name, value, pattern) => {
    const { code, message } = rejection(value);
    expect(code).toBe(ErrorCode.InvalidRequest);
    expect(message).toMatch(pattern);
  });
});

describe("decodeJSONRPCMessage", () => {
  it("parses text", () => {
    expect(decodeJSONRPCMessage('{"jsonrpc":"2.0","id":"x","method":"ping"}')).toEqual({
      jsonrpc: "2.0",
      id: "x",
      method: "ping",
    });
  });

  it("answers invalid JSON with -32700", () => {
    try {
      decodeJSONRPCMessage("{nope");
      expect.unreachable();
    } catch (error) {
      expect(isProtocolError(error) && error.code).toBe(ErrorCode.ParseError);
      expect((error as Error).cause).toBeInstanceOf(SyntaxError);
    }
  });
});

describe("JSONRPCMessageSchema (zod union)", () => {
  it("agrees with parseJSONRPCMessage on exclusive members", () => {
    expect(JSONRPCMessageSchema.safeParse({ jsonrpc: "2.0", id: null, method: "x" }).success).toBe(false);
    expect(
      JSONRPCMessageSchema.safeParse({ jsonrpc: "2.0", id: 1, result: {}, error: { code: 1, message: "" } })
        .success,
    ).toBe(false);
    expect(JSONRPCMessageSchema.safeParse({ jsonrpc: "2.0", method: "x", id: null }).success).toBe(false);
    expect(JSONRPCMessageSchema.safeParse({ jsonrpc: "2.0", id: 1, method: "x", extra: 1 }).data).toEqual({
      jsonrpc: "2.0",
      id: 1,
      method: "x",
      extra: 1,
    });
  });
});
