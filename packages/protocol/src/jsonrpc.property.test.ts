// Property: whatever parseJSONRPCMessage accepts, the official 2025-11-25 JSON Schema accepts too
// (we are never looser than the spec), and on message-like inputs the two disagree only where
// JSON-RPC 2.0 itself forbids what the JSON Schema does not spell out (a message carrying both
// `result` and `error`, `method` with `result`/`error`, or a request id that is not valid).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isProtocolError } from "./errors.js";
import { parseJSONRPCMessage } from "./jsonrpc.js";
import { officialValidator } from "./test-support/spec.js";

const official = officialValidator("2025-11-25", "JSONRPCMessage");

function accepts(value: unknown): boolean {
  try {
    parseJSONRPCMessage(value);
    return true;
  } catch (error) {
    if (!isProtocolError(error)) throw error;
    return false;
  }
}

const scalar = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 5 }),
);
const member = fc.oneof(
  scalar,
  fc.array(scalar, { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 3 }), scalar, { maxKeys: 2 }),
);
const messageLike = fc.record(
  {
    jsonrpc: fc.oneof(fc.constant("2.0"), fc.constant("1.0"), member),
    id: fc.oneof(fc.integer(), fc.string({ maxLength: 4 }), member),
    method: fc.oneof(fc.constantFrom("ping", "tools/call"), member),
    params: member,
    result: member,
    error: fc.oneof(
      fc.record(
        { code: fc.oneof(fc.integer(), member), message: fc.oneof(fc.string(), member), data: member },
        { requiredKeys: [] },
      ),
      member,
    ),
  },
  { requiredKeys: [] },
);

function forbiddenByJsonRpc(value: Record<string, unknown>): boolean {
  const has = (key: string) => key in value;
  const validId = typeof value.id === "string" || Number.isInteger(value.id);
  return (
    (has("result") && has("error")) ||
    (has("method") && (has("result") || has("error"))) ||
    // The official schema reads `{ method, id: [] }` as a notification with an extra member;
    // JSON-RPC says a message with an `id` is a request, and this id is not a valid one.
    (has("method") && has("id") && !validId)
  );
}

describe("parseJSONRPCMessage against the official JSONRPCMessage schema", () => {
  it("never accepts what the official schema rejects", () => {
    fc.assert(
      fc.property(fc.oneof(messageLike, fc.jsonValue()), (value) => {
        if (accepts(value)) expect(official(value)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it("accepts what the official schema accepts, except what JSON-RPC 2.0 forbids", () => {
    fc.assert(
      fc.property(messageLike, (value) => {
        if (official(value) && !forbiddenByJsonRpc(value)) expect(accepts(value)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});
