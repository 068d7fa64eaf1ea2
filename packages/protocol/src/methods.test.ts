import { describe, expect, expectTypeOf, it } from "vitest";
import { ErrorCode, LocalErrorCode } from "./errors.js";
import {
  type ClientRequestMethod,
  canSend,
  isMethodAvailable,
  isNotificationMethod,
  isRequestMethod,
  NOTIFICATION_METHODS,
  type ParamsOf,
  REQUEST_METHODS,
  type RequestMethodFor,
  type ResultOf,
  type ServerRequestMethod,
  type TaskAugmentableMethod,
} from "./methods.js";
import type { CreateTaskResult } from "./schemas/tasks.js";
import { parseNotificationParams, parseRequestParams, parseResult } from "./validate.js";

describe("method map", () => {
  it("knows its own methods only (no prototype keys)", () => {
    expect(isRequestMethod("tools/call")).toBe(true);
    expect(isRequestMethod("constructor")).toBe(false);
    expect(isRequestMethod("__proto__")).toBe(false);
    expect(isNotificationMethod("notifications/progress")).toBe(true);
    expect(isNotificationMethod("tools/call")).toBe(false);
    expect(Object.keys(REQUEST_METHODS)).toHaveLength(20);
    expect(Object.keys(NOTIFICATION_METHODS)).toHaveLength(11);
  });

  it("says who may send what", () => {
    expect(canSend("client", "tools/call")).toBe(true);
    expect(canSend("server", "tools/call")).toBe(false);
    expect(canSend("server", "sampling/createMessage")).toBe(true);
    expect(canSend("client", "sampling/createMessage")).toBe(false);
    expect(canSend("server", "ping")).toBe(true);
    expect(canSend("client", "notifications/roots/list_changed")).toBe(true);
    expect(canSend("client", "notifications/tools/list_changed")).toBe(false);
    expect(canSend("client", "custom/thing")).toBe(false);
  });

  it("says which version introduced each method", () => {
    expect(isMethodAvailable("elicitation/create", "2025-03-26")).toBe(false);
    expect(isMethodAvailable("elicitation/create", "2025-06-18")).toBe(true);
    expect(isMethodAvailable("tasks/get", "2025-06-18")).toBe(false);
    expect(isMethodAvailable("notifications/elicitation/complete", "2025-11-25")).toBe(true);
    expect(isMethodAvailable("notifications/progress", "2024-11-05")).toBe(true);
    expect(isMethodAvailable("nope", "2025-11-25")).toBe(false);
  });

  it("types params and results per method", () => {
    expectTypeOf<ParamsOf<"tools/call">>().toHaveProperty("name").toEqualTypeOf<string>();
    expectTypeOf<ResultOf<"tools/list">>().toHaveProperty("tools");
    expectTypeOf<"sampling/createMessage">().toMatchTypeOf<ServerRequestMethod>();
    expectTypeOf<"tools/call">().toMatchTypeOf<ClientRequestMethod>();
    expectTypeOf<"ping">().toMatchTypeOf<ClientRequestMethod & ServerRequestMethod>();
    expectTypeOf<TaskAugmentableMethod>().toEqualTypeOf<
      "tools/call" | "sampling/createMessage" | "elicitation/create"
    >();
    const result = parseResult("tools/call", { content: [] }, { name: "x" });
    expectTypeOf(result).toEqualTypeOf<ResultOf<"tools/call"> | CreateTaskResult>();
  });
});

describe("validation helpers", () => {
  it("reject unknown request methods with -32601", () => {
    expect(() => parseRequestParams("nope/nope", {})).toThrow(
      expect.objectContaining({ code: ErrorCode.MethodNotFound, message: "Method not found: nope/nope" }),
    );
  });

  it("reject bad params with -32602 naming the path, and list all issues in data", () => {
    try {
      parseRequestParams("tools/call", { name: 5, arguments: [] });
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: ErrorCode.InvalidParams });
      expect((error as Error).message).toMatch(/^Invalid params for tools\/call: name: .*; arguments: /);
      expect((error as { data: { issues: unknown[] } }).data.issues).toHaveLength(2);
    }
    expect(() => parseRequestParams("tools/call", undefined)).toThrow(/Invalid params for tools\/call/);
  });

  it("summarise more than three issues", () => {
    expect(() =>
      parseRequestParams("initialize", { protocolVersion: 1, capabilities: 2, clientInfo: 3, _meta: 4 }),
    ).toThrow(/\(\+1 more\)$/);
  });

  it("keep unknown fields and accept absent optional params", () => {
    expect(parseRequestParams("tools/call", { name: "a", extra: { deep: true } })).toEqual({
      name: "a",
      extra: { deep: true },
    });
    expect(parseRequestParams("tools/list", undefined)).toBeUndefined();
  });

  it("reject bad results with a local INVALID_MESSAGE error", () => {
    expect(() => parseResult("tools/list", { tools: [{ name: "x" }] })).toThrow(
      expect.objectContaining({ code: LocalErrorCode.InvalidMessage }),
    );
    expect(() => parseResult("nope" as "ping", {})).toThrow(/Unknown request method: nope/);
    // A task marker on a method that is not task-augmentable changes nothing.
    expect(parseResult("ping", {}, { task: {} })).toEqual({});
  });

  it("validate notifications", () => {
    expect(parseNotificationParams("notifications/progress", { progressToken: 1, progress: 2 })).toEqual({
      progressToken: 1,
      progress: 2,
    });
    expect(() => parseNotificationParams("notifications/progress", { progress: 2 })).toThrow(
      expect.objectContaining({ code: ErrorCode.InvalidParams }),
    );
    expect(() => parseNotificationParams("notifications/nope", {})).toThrow(
      expect.objectContaining({ code: ErrorCode.MethodNotFound }),
    );
  });
});

describe("RequestMethodFor (capabilities as types)", () => {
  it("excludes methods the peer's declared capabilities do not allow", () => {
    const caps = { tools: { listChanged: true }, resources: { subscribe: true } } as const;
    type Allowed = RequestMethodFor<"client", typeof caps>;
    expectTypeOf<"tools/call">().toMatchTypeOf<Allowed>();
    expectTypeOf<"resources/subscribe">().toMatchTypeOf<Allowed>();
    expectTypeOf<"ping">().toMatchTypeOf<Allowed>();
    expectTypeOf<"initialize">().toMatchTypeOf<Allowed>();
    expectTypeOf<"prompts/get">().not.toMatchTypeOf<Allowed>();
    expectTypeOf<"tasks/list">().not.toMatchTypeOf<Allowed>();
    expectTypeOf<"sampling/createMessage">().not.toMatchTypeOf<Allowed>();
    // @ts-expect-error a client may not ask for logging/setLevel without the logging capability
    const refused: Allowed = "logging/setLevel";
    expect(refused).toBe("logging/setLevel");
  });

  it("for a server, by the client's capabilities", () => {
    type Allowed = RequestMethodFor<
      "server",
      { sampling: Record<string, never>; roots: { listChanged: false } }
    >;
    expectTypeOf<"sampling/createMessage">().toMatchTypeOf<Allowed>();
    expectTypeOf<"roots/list">().toMatchTypeOf<Allowed>();
    expectTypeOf<"elicitation/create">().not.toMatchTypeOf<Allowed>();
    expectTypeOf<"tools/call">().not.toMatchTypeOf<Allowed>();
  });

  it("with optional capabilities (the general type) keeps only capability-free methods", () => {
    type Allowed = RequestMethodFor<"client", { tools?: object }>;
    expectTypeOf<Allowed>().toEqualTypeOf<"initialize" | "ping">();
  });
});

describe("hostile input", () => {
  it("a __proto__ member from JSON neither becomes a prototype nor pollutes", () => {
    const input = JSON.parse(
      '{"name":"x","arguments":{"__proto__":{"isAdmin":true}},"__proto__":{"polluted":1}}',
    );
    const params = parseRequestParams("tools/call", input) as Record<string, unknown>;
    expect(Object.getPrototypeOf(params)).toBe(Object.prototype);
    expect(params.polluted).toBeUndefined();
    expect((params.arguments as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
