import { describe, expect, it } from "vitest";
import { assertCanSend, hasCapability, requiredCapabilities } from "./capabilities.js";
import { LocalErrorCode } from "./errors.js";

describe("requiredCapabilities", () => {
  it("reads the method map, resolving the receiver for tasks", () => {
    expect(requiredCapabilities("client", "tools/list")).toEqual([{ side: "server", path: ["tools"] }]);
    expect(requiredCapabilities("client", "resources/subscribe")).toEqual([
      { side: "server", path: ["resources", "subscribe"] },
    ]);
    expect(requiredCapabilities("client", "tasks/list")).toEqual([
      { side: "server", path: ["tasks", "list"] },
    ]);
    expect(requiredCapabilities("server", "tasks/cancel")).toEqual([
      { side: "client", path: ["tasks", "cancel"] },
    ]);
    expect(requiredCapabilities("server", "notifications/tools/list_changed")).toEqual([
      { side: "server", path: ["tools", "listChanged"] },
    ]);
    expect(requiredCapabilities("client", "ping")).toEqual([]);
    expect(requiredCapabilities("client", "custom/x")).toEqual([]);
  });

  it("adds the param-dependent ones", () => {
    expect(requiredCapabilities("client", "tools/call", { name: "x", task: {} })).toEqual([
      { side: "server", path: ["tools"] },
      { side: "server", path: ["tasks", "requests", "tools", "call"] },
    ]);
    expect(
      requiredCapabilities("server", "sampling/createMessage", {
        tools: [],
        includeContext: "thisServer",
        task: { ttl: 1 },
      }),
    ).toEqual([
      { side: "client", path: ["sampling"] },
      { side: "client", path: ["sampling", "tools"] },
      { side: "client", path: ["sampling", "context"] },
      { side: "client", path: ["tasks", "requests", "sampling", "createMessage"] },
    ]);
    expect(requiredCapabilities("server", "sampling/createMessage", { includeContext: "none" })).toEqual([
      { side: "client", path: ["sampling"] },
    ]);
    expect(requiredCapabilities("server", "elicitation/create", { mode: "url", task: {} })).toEqual([
      { side: "client", path: ["elicitation", "url"] },
      { side: "client", path: ["tasks", "requests", "elicitation", "create"] },
    ]);
    expect(requiredCapabilities("server", "elicitation/create", { message: "m" })).toEqual([
      { side: "client", path: ["elicitation", "form"] },
    ]);
  });
});

describe("hasCapability", () => {
  it("walks the path; false, null and absent mean undeclared", () => {
    expect(hasCapability({ tools: {} }, ["tools"])).toBe(true);
    expect(hasCapability({ tools: {} }, ["tools", "listChanged"])).toBe(false);
    expect(hasCapability({ tools: { listChanged: false } }, ["tools", "listChanged"])).toBe(false);
    expect(hasCapability({ tools: null }, ["tools"])).toBe(false);
    expect(hasCapability({ tools: true }, ["tools", "x"])).toBe(false);
    expect(hasCapability(undefined, ["tools"])).toBe(false);
  });

  it("treats an empty elicitation object as form mode only (2025-06-18 clients)", () => {
    expect(hasCapability({ elicitation: {} }, ["elicitation", "form"])).toBe(true);
    expect(hasCapability({ elicitation: {} }, ["elicitation", "url"])).toBe(false);
    expect(hasCapability({ elicitation: { url: {} } }, ["elicitation", "form"])).toBe(false);
    expect(hasCapability({ elicitation: { form: {} } }, ["elicitation", "form"])).toBe(true);
    expect(hasCapability({}, ["elicitation", "form"])).toBe(false);
  });
});

describe("assertCanSend", () => {
  it("refuses the wrong side", () => {
    expect(() => assertCanSend({ side: "client", method: "sampling/createMessage" })).toThrow(
      expect.objectContaining({
        code: LocalErrorCode.MethodNotAllowed,
        message: "A client may not send sampling/createMessage",
      }),
    );
  });

  it("refuses a request the peer lacks the capability for, naming it", () => {
    expect(() =>
      assertCanSend({ side: "client", method: "tools/call", params: { name: "x" }, peerCapabilities: {} }),
    ).toThrow(
      expect.objectContaining({
        code: LocalErrorCode.CapabilityNotSupported,
        message: "tools/call needs the server capability tools",
        data: { method: "tools/call", side: "server", path: ["tools"] },
      }),
    );
    assertCanSend({
      side: "client",
      method: "tools/call",
      params: { name: "x" },
      peerCapabilities: { tools: {} },
    });
  });

  it("checks notifications against the sender's own capabilities", () => {
    expect(() =>
      assertCanSend({
        side: "server",
        method: "notifications/tools/list_changed",
        ownCapabilities: { tools: {} },
      }),
    ).toThrow(/server capability tools.listChanged/);
    assertCanSend({
      side: "server",
      method: "notifications/tools/list_changed",
      ownCapabilities: { tools: { listChanged: true } },
      peerCapabilities: {},
    });
    expect(() =>
      assertCanSend({
        side: "server",
        method: "notifications/elicitation/complete",
        peerCapabilities: { elicitation: {} },
      }),
    ).toThrow(/client capability elicitation.url/);
  });
});
