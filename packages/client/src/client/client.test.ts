import { ErrorCode, LATEST_PROTOCOL_VERSION, LocalErrorCode, ProtocolError } from "@mcp/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { connectClient, startPeerServer } from "../test-support/peer-server.js";
import { Client } from "./client.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const clients: Client[] = [];

async function setup(...args: Parameters<typeof connectClient>) {
  const pair = await connectClient(...args);
  clients.push(pair.client);
  return pair;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

const ALL = {
  tools: { listChanged: true },
  resources: { subscribe: true, listChanged: true },
  prompts: { listChanged: true },
  logging: {},
  completions: {},
};

describe("Client initialize", () => {
  it("asks for the latest version, declares handler capabilities and sends initialized", async () => {
    const { client, server } = await setup({ capabilities: ALL, instructions: "be nice" }, {}, (c) => {
      c.setSamplingHandler(async () => ({
        role: "assistant",
        content: { type: "text", text: "" },
        model: "m",
      }));
      c.setElicitationHandler(async () => ({ action: "decline" }), { form: true, url: true });
      void c.setRoots([{ uri: "file:///work" }]);
    });
    await sleep(5);
    expect(server.initializeParams).toMatchObject({
      protocolVersion: LATEST_PROTOCOL_VERSION,
      clientInfo: { name: "test-client", version: "0.0.1" },
      capabilities: { sampling: {}, elicitation: { form: {}, url: {} }, roots: { listChanged: true } },
    });
    expect(server.received).toEqual(["initialize", "notifications/initialized"]);
    expect(client.protocolVersion).toBe(LATEST_PROTOCOL_VERSION);
    expect(client.serverInfo).toEqual({ name: "peer-server", version: "1.2.3" });
    expect(client.instructions).toBe("be nice");
    expect(client.serverCapabilities).toEqual(ALL);
    expect(client.serverInitializeResult?.protocolVersion).toBe(LATEST_PROTOCOL_VERSION);
    expect(client.transport).toBeDefined();
  });

  it.each(["2025-06-18", "2025-03-26", "2024-11-05"])(
    "accepts an older version the server picks: %s",
    async (v) => {
      const { client, server } = await setup({ protocolVersion: v });
      expect(client.protocolVersion).toBe(v);
      expect((server.clientTransport as unknown as { protocolVersion?: string }).protocolVersion).toBe(v);
      await client.ping();
    },
  );

  it("refuses a version it does not support and closes the connection", async () => {
    const server = await startPeerServer({ protocolVersion: "1999-01-01" });
    const client = new Client({ name: "c", version: "1" });
    let closed = false;
    client.onclose = () => {
      closed = true;
    };
    const error = await client.connect(server.clientTransport).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: LocalErrorCode.UnsupportedProtocolVersion,
      data: { requested: LATEST_PROTOCOL_VERSION, received: "1999-01-01" },
    });
    expect(closed).toBe(true);
    expect(server.received).toEqual(["initialize"]);
  });

  it("asks for a configured version", async () => {
    const { server, client } = await setup({}, { protocolVersion: "2025-03-26" });
    expect(server.initializeParams?.protocolVersion).toBe("2025-03-26");
    expect(client.protocolVersion).toBe("2025-03-26");
  });

  it("rejects an invalid initialize result", async () => {
    const server = await startPeerServer();
    server.peer.setRequestHandler("initialize", async () => ({ protocolVersion: 5 }) as never);
    const client = new Client({ name: "c", version: "1" });
    await expect(client.connect(server.clientTransport)).rejects.toMatchObject({
      code: LocalErrorCode.InvalidMessage,
    });
  });

  it("refuses requests before connect", async () => {
    const client = new Client({ name: "c", version: "1" });
    await expect(client.listTools()).rejects.toMatchObject({ code: LocalErrorCode.NotConnected });
  });
});

describe("Client capability checks", () => {
  it("fails locally, sending nothing, when the server lacks the capability", async () => {
    const { client, server } = await setup({ capabilities: {} });
    const cases: [string, () => Promise<unknown>][] = [
      ["tools", () => client.callTool({ name: "x" })],
      ["tools", () => client.listTools()],
      ["resources", () => client.readResource({ uri: "file:///a" })],
      ["prompts", () => client.listAllPrompts()],
      [
        "completions",
        () => client.complete({ ref: { type: "ref/prompt", name: "p" }, argument: { name: "a", value: "" } }),
      ],
      ["logging", () => client.setLoggingLevel("info")],
    ];
    for (const [capability, call] of cases) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toMatchObject({ code: LocalErrorCode.CapabilityNotSupported });
      expect((error as Error).message).toContain(capability);
    }
    expect(server.received).toEqual(["initialize", "notifications/initialized"]);
  });

  it("needs resources.subscribe for subscriptions", async () => {
    const { client } = await setup({ capabilities: { resources: {} } });
    await expect(client.subscribeResource({ uri: "file:///a" })).rejects.toMatchObject({
      code: LocalErrorCode.CapabilityNotSupported,
    });
  });

  it("sends completion/complete to a 2024-11-05 server, which had no completions capability", async () => {
    const { client, server } = await setup({ protocolVersion: "2024-11-05" });
    server.peer.setRequestHandler("completion/complete", async () => ({ completion: { values: ["a"] } }));
    const result = await client.complete({
      ref: { type: "ref/prompt", name: "p" },
      argument: { name: "a", value: "" },
    });
    expect(result.completion.values).toEqual(["a"]);
  });

  it("passes methods outside the spec through to the server", async () => {
    const { client, server } = await setup();
    server.peer.setRequestHandler("x/custom", async (params) => ({ got: params.v }));
    await expect(client.request("x/custom", { v: 1 })).resolves.toEqual({ got: 1 });
  });
});

describe("Client listing", () => {
  it("follows cursors for tools, resources, templates and prompts", async () => {
    const { client, server } = await setup({ capabilities: ALL });
    const pages =
      <T>(make: (i: number) => T, key: string) =>
      async (params: { cursor?: string } | undefined) => {
        const page = Number(params?.cursor ?? 0);
        return {
          [key]: [make(page * 2), make(page * 2 + 1)],
          ...(page < 2 ? { nextCursor: String(page + 1) } : {}),
        };
      };
    server.peer.setRequestHandler(
      "tools/list",
      pages((i) => ({ name: `t${i}`, inputSchema: { type: "object" } }), "tools") as never,
    );
    server.peer.setRequestHandler(
      "resources/list",
      pages((i) => ({ uri: `file:///r${i}`, name: `r${i}` }), "resources") as never,
    );
    server.peer.setRequestHandler(
      "resources/templates/list",
      pages((i) => ({ uriTemplate: `file:///{x}${i}`, name: `rt${i}` }), "resourceTemplates") as never,
    );
    server.peer.setRequestHandler("prompts/list", pages((i) => ({ name: `p${i}` }), "prompts") as never);
    expect((await client.listAllTools()).map((t) => t.name)).toEqual(["t0", "t1", "t2", "t3", "t4", "t5"]);
    expect((await client.listAllResources()).map((r) => r.name)).toEqual([
      "r0",
      "r1",
      "r2",
      "r3",
      "r4",
      "r5",
    ]);
    expect((await client.listAllResourceTemplates()).map((r) => r.name)).toEqual([
      "rt0",
      "rt1",
      "rt2",
      "rt3",
      "rt4",
      "rt5",
    ]);
    expect((await client.listAllPrompts()).map((p) => p.name)).toEqual(["p0", "p1", "p2", "p3", "p4", "p5"]);
    const first = await client.listTools();
    expect(first.nextCursor).toBe("1");
  });

  it("stops with an error when the server repeats a cursor", async () => {
    const { client, server } = await setup({ capabilities: ALL });
    server.peer.setRequestHandler("prompts/list", async () => ({ prompts: [], nextCursor: "same" }));
    await expect(client.listAllPrompts()).rejects.toThrow('The server repeated the cursor "same"');
  });
});

describe("Client tools/call and structured output", () => {
  const addTool = {
    name: "add",
    inputSchema: { type: "object" as const },
    outputSchema: {
      type: "object" as const,
      properties: { sum: { type: "number" } },
      required: ["sum"],
      additionalProperties: false,
    },
  };

  async function toolServer(
    answer: (name: string, args: Record<string, unknown>) => Record<string, unknown>,
  ) {
    const pair = await setup({ capabilities: ALL });
    pair.server.peer.setRequestHandler("tools/list", async () => ({
      tools: [addTool, { name: "plain", inputSchema: { type: "object" } }],
    }));
    pair.server.peer.setRequestHandler(
      "tools/call",
      async (params) => answer(params.name, params.arguments ?? {}) as never,
    );
    return pair;
  }

  it("accepts structuredContent that matches the outputSchema", async () => {
    const { client } = await toolServer((_n, args) => ({
      content: [{ type: "text", text: "3" }],
      structuredContent: { sum: Number(args.a) + Number(args.b) },
    }));
    await client.listAllTools();
    const result = await client.callTool({ name: "add", arguments: { a: 1, b: 2 } });
    expect(result.structuredContent).toEqual({ sum: 3 });
  });

  it("rejects structuredContent that does not match, or is missing", async () => {
    let answer: Record<string, unknown> = { content: [], structuredContent: { sum: "three" } };
    const { client } = await toolServer(() => answer);
    await client.listTools();
    const error = await client.callTool({ name: "add", arguments: {} }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: LocalErrorCode.InvalidMessage, data: { tool: "add" } });
    expect((error as Error).message).toContain("does not match its outputSchema");
    expect((error as Error).message).toContain("/sum");
    answer = { content: [{ type: "text", text: "3" }] };
    await expect(client.callTool({ name: "add" })).rejects.toThrow("returned no structuredContent");
    answer = { content: [], structuredContent: { sum: 1, extra: true } };
    await expect(client.callTool({ name: "add" })).rejects.toThrow("does not match");
  });

  it("resolves tool errors without validating them", async () => {
    const { client } = await toolServer(() => ({
      content: [{ type: "text", text: "bad input" }],
      isError: true,
    }));
    await client.listTools();
    const result = await client.callTool({ name: "add" });
    expect(result.isError).toBe(true);
  });

  it("does not validate tools it has not listed, tools without a schema, or when disabled", async () => {
    const { client } = await toolServer(() => ({ content: [], structuredContent: { sum: "x" } }));
    await expect(client.callTool({ name: "add" })).resolves.toMatchObject({
      structuredContent: { sum: "x" },
    });
    await client.listTools();
    await expect(client.callTool({ name: "plain" })).resolves.toBeDefined();

    const server = await startPeerServer({ capabilities: ALL });
    server.peer.setRequestHandler("tools/list", async () => ({ tools: [addTool] }));
    server.peer.setRequestHandler("tools/call", async () => ({
      content: [],
      structuredContent: { sum: "x" },
    }));
    const lax = new Client({ name: "c", version: "1" }, { validateToolOutput: false });
    clients.push(lax);
    await lax.connect(server.clientTransport);
    await lax.listTools();
    await expect(lax.callTool({ name: "add" })).resolves.toBeDefined();
  });

  it("forgets output schemas when the tool list changes", async () => {
    const { client, server } = await toolServer(() => ({ content: [], structuredContent: { sum: "x" } }));
    await client.listTools();
    await expect(client.callTool({ name: "add" })).rejects.toThrow("does not match");
    const changed = new Promise<void>((resolve) => client.on("toolsListChanged", () => resolve()));
    await server.peer.notify("notifications/tools/list_changed");
    await changed;
    await expect(client.callTool({ name: "add" })).resolves.toBeDefined();
  });

  it("rejects results it cannot check because the outputSchema cannot be evaluated", async () => {
    const { client, server } = await setup({ capabilities: ALL });
    server.peer.setRequestHandler("tools/list", async () => ({
      tools: [
        { name: "weird", inputSchema: { type: "object" }, outputSchema: { type: "object", $ref: "#/nope" } },
      ],
    }));
    server.peer.setRequestHandler("tools/call", async () => ({ content: [], structuredContent: { a: 1 } }));
    await client.listTools();
    const error = await client.callTool({ name: "weird" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: LocalErrorCode.InvalidMessage });
    expect((error as Error).message).toContain("the schema cannot be evaluated");
  });

  it("passes progress and timeouts through", async () => {
    const { client, server } = await setup({ capabilities: ALL });
    server.peer.setRequestHandler("tools/call", async (_p, ctx) => {
      await ctx.reportProgress(1, 2, "half");
      if (_p.name === "slow") await new Promise(() => {});
      return { content: [] };
    });
    const seen: unknown[] = [];
    await client.callTool({ name: "fast" }, { onProgress: (p) => seen.push(p) });
    expect(seen).toEqual([{ progress: 1, total: 2, message: "half" }]);
    await expect(client.callTool({ name: "slow" }, { timeoutMs: 30 })).rejects.toMatchObject({
      code: LocalErrorCode.RequestTimeout,
    });
  });
});

describe("Client resources, prompts, completion, logging", () => {
  it("reads, subscribes, and emits resourceUpdated", async () => {
    const { client, server } = await setup({ capabilities: ALL });
    const subscribed: string[] = [];
    server.peer.setRequestHandler("resources/read", async (p) => ({
      contents: [{ uri: p.uri, text: "hello", mimeType: "text/plain" }],
    }));
    server.peer.setRequestHandler("resources/subscribe", async (p) => {
      subscribed.push(`+${p.uri}`);
      return {};
    });
    server.peer.setRequestHandler("resources/unsubscribe", async (p) => {
      subscribed.push(`-${p.uri}`);
      return {};
    });
    const read = await client.readResource({ uri: "file:///a" });
    expect(read.contents[0]).toMatchObject({ text: "hello" });
    const updates: string[] = [];
    const off = client.on("resourceUpdated", (p) => updates.push(p.uri));
    await client.subscribeResource({ uri: "file:///a" });
    await server.peer.notify("notifications/resources/updated", { uri: "file:///a" });
    await client.unsubscribeResource({ uri: "file:///a" });
    off();
    await server.peer.notify("notifications/resources/updated", { uri: "file:///b" });
    await sleep(5);
    expect(subscribed).toEqual(["+file:///a", "-file:///a"]);
    expect(updates).toEqual(["file:///a"]);
  });

  it("gets prompts, completes, sets the log level and emits log messages", async () => {
    const { client, server } = await setup({ capabilities: ALL });
    server.peer.setRequestHandler("prompts/get", async (p) => ({
      messages: [{ role: "user", content: { type: "text", text: `hi ${p.arguments?.who}` } }],
    }));
    server.peer.setRequestHandler("completion/complete", async (p) => ({
      completion: { values: [`${p.argument.value}1`, `${p.argument.value}2`], hasMore: false },
    }));
    const levels: string[] = [];
    server.peer.setRequestHandler("logging/setLevel", async (p) => {
      levels.push(p.level);
      await server.peer.notify("notifications/message", { level: "warning", data: { n: 1 }, logger: "db" });
      return {};
    });
    const prompt = await client.getPrompt({ name: "greet", arguments: { who: "ann" } });
    expect(prompt.messages[0]?.content).toEqual({ type: "text", text: "hi ann" });
    const completion = await client.complete({
      ref: { type: "ref/prompt", name: "greet" },
      argument: { name: "who", value: "a" },
    });
    expect(completion.completion.values).toEqual(["a1", "a2"]);
    const logs: unknown[] = [];
    client.on("loggingMessage", (m) => logs.push(m));
    await client.setLoggingLevel("warning");
    await sleep(5);
    expect(levels).toEqual(["warning"]);
    expect(logs).toEqual([{ level: "warning", data: { n: 1 }, logger: "db" }]);
  });

  it("emits list_changed events and survives a listener that throws", async () => {
    const { client, server } = await setup({ capabilities: ALL });
    const errors: Error[] = [];
    client.onerror = (e) => errors.push(e);
    const seen: string[] = [];
    client.on("resourcesListChanged", () => seen.push("resources"));
    client.on("promptsListChanged", () => seen.push("prompts"));
    client.on("promptsListChanged", () => {
      throw new Error("listener bug");
    });
    client.on("toolsListChanged", () => seen.push("tools"));
    await server.peer.notify("notifications/resources/list_changed");
    await server.peer.notify("notifications/prompts/list_changed");
    await server.peer.notify("notifications/tools/list_changed");
    await sleep(5);
    expect(seen).toEqual(["resources", "prompts", "tools"]);
    expect(errors.map((e) => e.message)).toEqual(["listener bug"]);
  });
});

describe("Client handlers for server requests", () => {
  it("answers sampling/createMessage from inside a tool call", async () => {
    const { client, server } = await setup({ capabilities: ALL }, {}, (c) =>
      c.setSamplingHandler(async (params) => ({
        role: "assistant",
        model: "test-model",
        content: {
          type: "text",
          text: `echo: ${(params.messages[0]?.content as { text?: string } | undefined)?.text}`,
        },
      })),
    );
    server.peer.setRequestHandler("tools/call", async (_p, ctx) => {
      const sampled = await ctx.sendRequest("sampling/createMessage", {
        messages: [{ role: "user", content: { type: "text", text: "hello" } }],
        maxTokens: 10,
      });
      return { content: [sampled.content as never] };
    });
    const result = await client.callTool({ name: "ask" });
    expect(result.content).toEqual([{ type: "text", text: "echo: hello" }]);
  });

  it("answers -32602 to an invalid sampling request", async () => {
    const { server } = await setup({}, {}, (c) =>
      c.setSamplingHandler(async () => ({
        role: "assistant",
        model: "m",
        content: { type: "text", text: "" },
      })),
    );
    await expect(
      server.peer.request("sampling/createMessage", { messages: "nope" } as never),
    ).rejects.toMatchObject({
      code: ErrorCode.InvalidParams,
    });
  });

  it("applies form defaults and validates the content", async () => {
    let answer: Record<string, unknown> = { action: "accept", content: { name: "ann" } };
    const { client, server } = await setup({}, {}, (c) =>
      c.setElicitationHandler(async () => answer as never),
    );
    expect(client.clientCapabilities.elicitation).toEqual({ form: {} });
    const requestedSchema = {
      type: "object" as const,
      properties: {
        name: { type: "string" as const },
        age: { type: "integer" as const, default: 30 },
        color: { type: "string" as const, enum: ["red", "blue"], default: "blue" },
        subscribe: { type: "boolean" as const, default: false },
      },
      required: ["name"],
    };
    const result = await server.peer.request("elicitation/create", { message: "who?", requestedSchema });
    expect(result).toEqual({
      action: "accept",
      content: { name: "ann", age: 30, color: "blue", subscribe: false },
    });
    answer = { action: "accept", content: { name: "ann", color: "green" } };
    const error = await server.peer
      .request("elicitation/create", { message: "who?", requestedSchema })
      .catch((e) => e);
    expect(error).toMatchObject({ code: ErrorCode.InvalidParams });
    expect((error as Error).message).toContain("does not match the requested schema");
    answer = { action: "decline" };
    await expect(
      server.peer.request("elicitation/create", { message: "who?", requestedSchema }),
    ).resolves.toEqual({
      action: "decline",
    });
  });

  it("handles URL mode only when declared", async () => {
    const { server } = await setup({}, {}, (c) =>
      c.setElicitationHandler(
        async (params) => {
          expect(params.mode).toBe("url");
          return { action: "accept" };
        },
        { url: true, form: false },
      ),
    );
    const url = {
      mode: "url" as const,
      message: "sign in",
      elicitationId: "e1",
      url: "https://example.com/auth",
    };
    await expect(server.peer.request("elicitation/create", url)).resolves.toEqual({ action: "accept" });
    const form = { message: "x", requestedSchema: { type: "object" as const, properties: {} } };
    await expect(server.peer.request("elicitation/create", form)).rejects.toThrow(
      "does not support form-mode",
    );

    const formOnly = await setup({}, {}, (c) => c.setElicitationHandler(async () => ({ action: "cancel" })));
    await expect(formOnly.server.peer.request("elicitation/create", url)).rejects.toThrow(
      "does not support URL-mode",
    );
    await expect(
      formOnly.server.peer.request("elicitation/create", { message: 1 } as never),
    ).rejects.toMatchObject({
      code: ErrorCode.InvalidParams,
    });
  });

  it("emits elicitationComplete and taskStatus", async () => {
    const { client, server } = await setup();
    const seen: unknown[] = [];
    client.on("elicitationComplete", (p) => seen.push(p.elicitationId));
    client.on("taskStatus", (p) => seen.push(p.status));
    await server.peer.notify("notifications/elicitation/complete", { elicitationId: "e9" });
    await server.peer.notify("notifications/tasks/status", {
      taskId: "t",
      status: "completed",
      createdAt: "2026-01-01T00:00:00Z",
      lastUpdatedAt: "2026-01-01T00:00:00Z",
      ttl: null,
    });
    await sleep(5);
    expect(seen).toEqual(["e9", "completed"]);
  });

  it("answers roots/list and announces changes", async () => {
    const { client, server } = await setup({}, {}, (c) => void c.setRoots([{ uri: "file:///a", name: "a" }]));
    const changes: number[] = [];
    server.peer.setNotificationHandler("notifications/roots/list_changed", () => {
      changes.push(1);
    });
    await expect(server.peer.request("roots/list")).resolves.toEqual({
      roots: [{ uri: "file:///a", name: "a" }],
    });
    await client.setRoots(async () => [{ uri: "file:///b" }]);
    await expect(server.peer.request("roots/list")).resolves.toEqual({ roots: [{ uri: "file:///b" }] });
    await client.setRoots([]);
    await sleep(5);
    expect(changes).toEqual([1, 1]);
    await expect(server.peer.request("roots/list")).resolves.toEqual({ roots: [] });
  });

  it("answers -32601 for server requests without a handler", async () => {
    const { server } = await setup();
    await expect(server.peer.request("roots/list")).rejects.toMatchObject({ code: ErrorCode.MethodNotFound });
  });
});

describe("Client tasks (experimental)", () => {
  const task = (status: string) => ({
    taskId: "t1",
    status,
    createdAt: "2026-01-01T00:00:00Z",
    lastUpdatedAt: "2026-01-01T00:00:01Z",
    ttl: 60_000,
    pollInterval: 10,
  });

  it("runs a tool as a task, polls it, fetches the result, lists and cancels", async () => {
    const capabilities = { ...ALL, tasks: { list: {}, cancel: {}, requests: { tools: { call: {} } } } };
    const { client, server } = await setup({ capabilities });
    let taskParams: unknown;
    server.peer.setRequestHandler("tools/call", async (p) => {
      taskParams = p.task;
      return { task: task("working") } as never;
    });
    server.peer.setRequestHandler("tasks/get", async () => task("completed") as never);
    server.peer.setRequestHandler("tasks/result", async () => ({
      content: [{ type: "text", text: "done" }],
    }));
    server.peer.setRequestHandler("tasks/list", async (p) =>
      p?.cursor ? { tasks: [task("completed")] } : ({ tasks: [task("working")], nextCursor: "c" } as never),
    );
    server.peer.setRequestHandler("tasks/cancel", async () => task("cancelled") as never);
    const created = await client.callToolAsTask({ name: "long" }, { ttl: 60_000 });
    expect(created.task.status).toBe("working");
    expect(taskParams).toEqual({ ttl: 60_000 });
    expect((await client.getTask("t1")).status).toBe("completed");
    expect(await client.getTaskResult("t1")).toEqual({ content: [{ type: "text", text: "done" }] });
    expect((await client.listAllTasks()).map((t) => t.status)).toEqual(["working", "completed"]);
    expect((await client.cancelTask("t1")).status).toBe("cancelled");
  });

  it("refuses task calls the server does not offer", async () => {
    const { client } = await setup({ capabilities: ALL });
    await expect(client.callToolAsTask({ name: "x" })).rejects.toMatchObject({
      code: LocalErrorCode.CapabilityNotSupported,
    });
    await expect(client.listTasks()).rejects.toMatchObject({ code: LocalErrorCode.CapabilityNotSupported });
  });
});

describe("Client close", () => {
  it("fails in-flight calls at once and reports close", async () => {
    const { client, server } = await setup({ capabilities: ALL });
    server.peer.setRequestHandler("tools/call", () => new Promise(() => {}));
    let closed = 0;
    client.onclose = () => closed++;
    const pending = client.callTool({ name: "hang" }).catch((e: unknown) => e);
    await sleep(5);
    await client.close();
    expect(await pending).toMatchObject({ code: LocalErrorCode.ConnectionClosed });
    expect(closed).toBe(1);
  });

  it("surfaces server errors as ProtocolError", async () => {
    const { client, server } = await setup({ capabilities: ALL });
    server.peer.setRequestHandler("resources/read", async (p) => {
      throw new ProtocolError(-32002, "Resource not found", { uri: p.uri });
    });
    await expect(client.readResource({ uri: "file:///x" })).rejects.toMatchObject({
      code: -32002,
      data: { uri: "file:///x" },
    });
  });
});
