import { isProtocolError, LATEST_PROTOCOL_VERSION, urlElicitationRequiredError } from "@mcp/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { McpServer } from "./mcp-server.js";
import { connectClient } from "./test-support/pair.js";

const servers: McpServer[] = [];
function newServer(options?: ConstructorParameters<typeof McpServer>[1]): McpServer {
  const server = new McpServer({ name: "test-server", version: "1.2.3" }, options);
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function rejection(promise: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (isProtocolError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error("expected a rejection");
}

function addTool(server: McpServer) {
  return server.registerTool(
    "add",
    {
      title: "Add",
      description: "Adds two numbers",
      inputSchema: { a: z.number().describe("first"), b: z.number() },
      outputSchema: { result: z.number() },
      annotations: { readOnlyHint: true },
      icons: [{ src: "https://example.com/add.png" }],
      _meta: { "example.com/x": 1 },
    },
    ({ a, b }) => ({ structuredContent: { result: a + b } }),
  );
}

describe("McpServer lifecycle", () => {
  it("negotiates the version and declares capabilities from what is registered", async () => {
    const server = newServer({ instructions: "be nice" });
    addTool(server);
    const { client } = await connectClient(server, { initialize: false });
    const result = await client.request("initialize", {
      protocolVersion: "2025-06-18",
      capabilities: {},
      clientInfo: { name: "c", version: "1" },
    });
    expect(result).toEqual({
      protocolVersion: "2025-06-18",
      capabilities: { logging: {}, tools: { listChanged: true } },
      serverInfo: { name: "test-server", version: "1.2.3" },
      instructions: "be nice",
    });
  });

  it("answers an unknown version with the latest one", async () => {
    const server = newServer();
    const { client } = await connectClient(server, { initialize: false });
    const result = await client.request("initialize", {
      protocolVersion: "1999-01-01",
      capabilities: {},
      clientInfo: { name: "c", version: "1" },
    });
    expect(result.protocolVersion).toBe(LATEST_PROTOCOL_VERSION);
    expect(result.capabilities).toEqual({ logging: {} });
  });

  it("serves only ping before initialize and refuses a second initialize", async () => {
    const server = newServer();
    addTool(server);
    const { client } = await connectClient(server, { initialize: false });
    expect(await client.request("ping", {})).toEqual({});
    expect(await rejection(client.request("tools/list", {}))).toMatchObject({ code: -32600 });
    const init = {
      protocolVersion: LATEST_PROTOCOL_VERSION,
      capabilities: {},
      clientInfo: { name: "c", version: "1" },
    };
    await client.request("initialize", init);
    expect(await rejection(client.request("initialize", init))).toMatchObject({ code: -32600 });
  });

  it("answers -32601 for methods of undeclared capabilities", async () => {
    const server = newServer();
    const { client } = await connectClient(server);
    expect(await rejection(client.request("tools/list", {}))).toMatchObject({ code: -32601 });
    expect(await rejection(client.request("prompts/list", {}))).toMatchObject({ code: -32601 });
  });

  it("starts pre-initialized sessions and tracks sessions", async () => {
    const server = newServer();
    addTool(server);
    const [_a, serverSide] = (await import("@mcp/protocol")).createLinkedTransportPair({ sessionId: "s-1" });
    const session = await server.connect(serverSide, { preInitialized: { protocolVersion: "2025-06-18" } });
    expect(session.initialized).toBe(true);
    expect(session.id).toBe("s-1");
    expect(session.protocolVersion).toBe("2025-06-18");
    expect(server.sessions).toContain(session);
    await session.close();
    expect(server.sessions).not.toContain(session);
    expect(session.closed).toBe(true);
  });
});

describe("tools", () => {
  it("publishes JSON Schema 2020-12 and every descriptive field", async () => {
    const server = newServer();
    addTool(server);
    server.registerTool("noargs", {}, () => ({ content: [] }));
    const { client } = await connectClient(server);
    const { tools } = (await client.request("tools/list", {})) as { tools: Record<string, unknown>[] };
    expect(tools[0]).toEqual({
      name: "add",
      title: "Add",
      description: "Adds two numbers",
      inputSchema: {
        $schema: "https://json-schema.org/draft/2020-12/schema",
        type: "object",
        properties: { a: { type: "number", description: "first" }, b: { type: "number" } },
        required: ["a", "b"],
      },
      outputSchema: {
        $schema: "https://json-schema.org/draft/2020-12/schema",
        type: "object",
        properties: { result: { type: "number" } },
        required: ["result"],
        additionalProperties: false,
      },
      annotations: { readOnlyHint: true },
      icons: [{ src: "https://example.com/add.png" }],
      _meta: { "example.com/x": 1 },
    });
    expect(tools[1]).toEqual({ name: "noargs", inputSchema: { type: "object", properties: {} } });
  });

  it("validates arguments, mirrors structured output as text", async () => {
    const server = newServer();
    addTool(server);
    const { client } = await connectClient(server);
    expect(await client.request("tools/call", { name: "add", arguments: { a: 2, b: 3 } })).toEqual({
      content: [{ type: "text", text: '{"result":5}' }],
      structuredContent: { result: 5 },
    });
    const bad = await client.request("tools/call", { name: "add", arguments: { a: "x" } });
    expect(bad.isError).toBe(true);
    expect(JSON.stringify(bad.content)).toMatch(/Invalid arguments for tool add: a: .*expected number/);
  });

  it("reports bad structured output, thrown errors and wire errors", async () => {
    const server = newServer();
    server.registerTool("bad-output", { outputSchema: { n: z.number() } }, () => ({
      structuredContent: { n: "no" as unknown as number },
    }));
    server.registerTool("no-output", { outputSchema: { n: z.number() } }, () => ({ content: [] }));
    server.registerTool("throws", {}, () => {
      throw new Error("disk on fire");
    });
    server.registerTool("wire", {}, () => {
      throw urlElicitationRequiredError([
        { mode: "url", elicitationId: "e1", url: "https://example.com/auth", message: "log in" },
      ]);
    });
    server.registerTool("not-object", {}, () => null as never);
    const { client } = await connectClient(server);
    const badOutput = await client.request("tools/call", { name: "bad-output" });
    expect(badOutput).toMatchObject({ isError: true });
    expect(JSON.stringify(badOutput)).toMatch(/does not match its outputSchema: n:/);
    expect(JSON.stringify(await client.request("tools/call", { name: "no-output" }))).toMatch(
      /returned no structuredContent/,
    );
    expect(await client.request("tools/call", { name: "throws" })).toEqual({
      content: [{ type: "text", text: "disk on fire" }],
      isError: true,
    });
    expect(await rejection(client.request("tools/call", { name: "wire" }))).toMatchObject({ code: -32042 });
    expect(JSON.stringify(await client.request("tools/call", { name: "not-object" }))).toMatch(
      /instead of a result/,
    );
    expect(await rejection(client.request("tools/call", { name: "missing" }))).toMatchObject({
      code: -32602,
      message: "Unknown tool: missing",
    });
  });

  it("paginates with opaque cursors", async () => {
    const server = newServer({ pageSize: 2 });
    for (const name of ["a", "b", "c", "d", "e"]) server.registerTool(name, {}, () => ({ content: [] }));
    const { client } = await connectClient(server);
    const names: string[] = [];
    let cursor: string | undefined;
    do {
      const page = (await client.request("tools/list", cursor ? { cursor } : {})) as {
        tools: { name: string }[];
        nextCursor?: string;
      };
      names.push(...page.tools.map((tool) => tool.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(names).toEqual(["a", "b", "c", "d", "e"]);
    expect(await rejection(client.request("tools/list", { cursor: "garbage" }))).toMatchObject({
      code: -32602,
    });
  });

  it("coalesces list_changed on add, disable, enable, update and remove", async () => {
    const server = newServer();
    const tool = addTool(server);
    const { client, notifications, next } = await connectClient(server);
    const changed = next("notifications/tools/list_changed");
    tool.disable();
    server.registerTool("x", {}, () => ({ content: [] }));
    server.registerTool("y", {}, () => ({ content: [] }));
    await changed;
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(notifications.filter((n) => n.method === "notifications/tools/list_changed")).toHaveLength(1);
    expect(
      await rejection(client.request("tools/call", { name: "add", arguments: { a: 1, b: 1 } })),
    ).toMatchObject({
      code: -32602,
    });
    const again = next("notifications/tools/list_changed");
    tool.enable();
    await again;
    tool.update({ description: "new", handler: () => ({ structuredContent: { result: 42 } }) });
    const { tools } = (await client.request("tools/list", {})) as {
      tools: { name: string; description?: string }[];
    };
    expect(tools.find((t) => t.name === "add")?.description).toBe("new");
    expect(
      (await client.request("tools/call", { name: "add", arguments: { a: 1, b: 1 } })).structuredContent,
    ).toEqual({
      result: 42,
    });
    tool.remove();
    tool.remove();
    tool.enable();
    const after = (await client.request("tools/list", {})) as { tools: { name: string }[] };
    expect(after.tools.map((t) => t.name)).toEqual(["x", "y"]);
  });

  it("refuses duplicate and malformed names", () => {
    const server = newServer();
    addTool(server);
    expect(() => addTool(server)).toThrow(/already registered/);
    expect(() => server.registerTool("has space", {}, () => ({ content: [] }))).toThrow(/must be 1-128/);
  });
});
