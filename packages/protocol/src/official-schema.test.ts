// What our schemas accept and emit, checked against the official JSON Schema of 2025-11-25, for
// one realistic instance of every method; and the method map checked against the schema's own
// ClientRequest / ServerRequest / ClientNotification / ServerNotification unions.
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import * as api from "./index.js";
import { NOTIFICATION_METHODS, REQUEST_METHODS } from "./methods.js";
import { notificationFixtures, requestFixtures } from "./test-support/fixtures.js";
import { loadSchema, officialValidator } from "./test-support/spec.js";
import { parseNotificationParams, parseRequestParams, parseResult } from "./validate.js";

const VERSION = "2025-11-25";
const defs = loadSchema(VERSION).$defs as Record<string, { anyOf?: { $ref: string }[] }>;

function official(def: string, value: unknown): void {
  const validate = officialValidator(VERSION, def);
  if (!validate(value)) {
    throw new Error(`${def} rejected by the official schema: ${JSON.stringify(validate.errors)}`);
  }
}

function ours(def: string): z.ZodType {
  const schema = (api as unknown as Record<string, z.ZodType>)[`${def}Schema`];
  if (schema === undefined) throw new Error(`no ${def}Schema export`);
  return schema;
}

function methodsOf(union: string): string[] {
  return (defs[union]?.anyOf ?? []).map((entry) => {
    const name = entry.$ref.split("/").pop() as string;
    const def = defs[name] as { properties: { method: { const: string } } };
    return def.properties.method.const;
  });
}

describe("the method map matches the official 2025-11-25 unions", () => {
  const senders = (map: Record<string, { sender: string }>, side: string) =>
    Object.entries(map)
      .filter(([, spec]) => spec.sender === side || spec.sender === "both")
      .map(([method]) => method)
      .sort();

  it("client and server requests", () => {
    expect(senders(REQUEST_METHODS, "client")).toEqual(methodsOf("ClientRequest").sort());
    expect(senders(REQUEST_METHODS, "server")).toEqual(methodsOf("ServerRequest").sort());
  });

  it("client and server notifications", () => {
    expect(senders(NOTIFICATION_METHODS, "client")).toEqual(methodsOf("ClientNotification").sort());
    expect(senders(NOTIFICATION_METHODS, "server")).toEqual(methodsOf("ServerNotification").sort());
  });

  it("every definition of schema.json has a <Name>Schema export", () => {
    const missing = Object.keys(defs).filter((name) => !(`${name}Schema` in api));
    expect(missing).toEqual([]);
  });
});

describe.each(Object.keys(REQUEST_METHODS))("request %s", (method) => {
  const fixture = requestFixtures[method];

  it("has a fixture", () => expect(fixture).toBeDefined());
  if (fixture === undefined) return;
  const spec = REQUEST_METHODS[method as keyof typeof REQUEST_METHODS];
  const message = {
    jsonrpc: "2.0",
    id: 1,
    method,
    ...(fixture.params === undefined ? {} : { params: fixture.params }),
  };

  it("params: accepted unchanged, and the output is valid officially", () => {
    const parsed = parseRequestParams(method, fixture.params);
    expect(parsed).toEqual(fixture.params);
    if (fixture.paramsDef !== undefined && parsed !== undefined) official(fixture.paramsDef, parsed);
  });

  it("whole request: official and ours agree, and the client/server union takes it", () => {
    official(fixture.requestDef, message);
    expect(ours(fixture.requestDef).parse(message)).toEqual(message);
    expect(api.parseJSONRPCMessage(message)).toBe(message);
    if (spec.sender !== "server") expect(api.ClientRequestSchema.parse(message)).toEqual(message);
    if (spec.sender !== "client") expect(api.ServerRequestSchema.parse(message)).toEqual(message);
  });

  it("result: accepted unchanged, valid officially, also as a JSON-RPC response", () => {
    const parsed = parseResult(method, fixture.result);
    expect(parsed).toEqual(fixture.result);
    official(fixture.resultDef, parsed);
    official("JSONRPCResultResponse", { jsonrpc: "2.0", id: 1, result: parsed });
    official(spec.sender === "server" ? "ClientResult" : "ServerResult", parsed);
  });
});

describe.each(Object.keys(NOTIFICATION_METHODS))("notification %s", (method) => {
  const fixture = notificationFixtures[method];

  it("has a fixture", () => expect(fixture).toBeDefined());
  if (fixture === undefined) return;
  const spec = NOTIFICATION_METHODS[method as keyof typeof NOTIFICATION_METHODS];
  const message = {
    jsonrpc: "2.0",
    method,
    ...(fixture.params === undefined ? {} : { params: fixture.params }),
  };

  it("params accepted unchanged; message valid officially and in our unions", () => {
    const parsed = parseNotificationParams(method, fixture.params);
    expect(parsed).toEqual(fixture.params);
    if (fixture.paramsDef !== undefined && parsed !== undefined) official(fixture.paramsDef, parsed);
    official(fixture.notificationDef, message);
    expect(ours(fixture.notificationDef).parse(message)).toEqual(message);
    if (spec.sender !== "server") expect(api.ClientNotificationSchema.parse(message)).toEqual(message);
    if (spec.sender !== "client") expect(api.ServerNotificationSchema.parse(message)).toEqual(message);
  });
});

describe("task augmentation, URL elicitation and errors", () => {
  const task = {
    taskId: "t-9",
    status: "working",
    createdAt: "2025-11-25T10:00:00Z",
    lastUpdatedAt: "2025-11-25T10:00:00Z",
    ttl: null,
  };

  it("a task-augmented tools/call answers with a CreateTaskResult", () => {
    const params = parseRequestParams("tools/call", { name: "slow", task: { ttl: 60000 } });
    official("CallToolRequestParams", params);
    const result = parseResult("tools/call", { task }, params);
    expect(result).toEqual({ task });
    official("CreateTaskResult", result);
    // Without the task marker the same result is not a CallToolResult.
    expect(() => parseResult("tools/call", { task })).toThrow(/Invalid result for tools\/call: content/);
  });

  it("URL-mode elicitation, its completion, and the -32042 error", () => {
    const params = {
      mode: "url",
      elicitationId: "e-1",
      url: "https://auth.example.com/connect?state=abc",
      message: "Connect your account",
    };
    expect(parseRequestParams("elicitation/create", params)).toEqual(params);
    official("ElicitRequestURLParams", params);
    expect(api.ElicitRequestURLParamsSchema.safeParse({ ...params, url: "not a url" }).success).toBe(false);
    const error = {
      jsonrpc: "2.0",
      id: 3,
      error: api.urlElicitationRequiredError([params]).toJSON(),
    };
    official("URLElicitationRequiredError", error);
    expect(api.URLElicitationRequiredErrorSchema.parse(error)).toEqual(error);
    expect(api.parseJSONRPCMessage(error)).toBe(error);
  });

  it("error responses we build validate officially", () => {
    for (const error of [
      api.unsupportedProtocolVersionError("1.0", api.SUPPORTED_PROTOCOL_VERSIONS),
      api.resourceNotFoundError("file:///x"),
      new api.ProtocolError(api.ErrorCode.MethodNotFound, "Method not found"),
    ]) {
      official("JSONRPCErrorResponse", { jsonrpc: "2.0", id: "r", error: error.toJSON() });
    }
    official("JSONRPCErrorResponse", { jsonrpc: "2.0", error: api.toWireError(new Error("x")) });
  });
});
