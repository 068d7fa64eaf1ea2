import { isProtocolError, type JsonRpcPeer } from "@mcp/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import type { HandlerContext } from "./context.js";
import { isServerError } from "./errors.js";
import { McpServer } from "./mcp-server.js";
import { connectClient } from "./test-support/pair.js";

const servers: McpServer[] = [];
function newServer(options?: ConstructorParameters<typeof McpServer>[1]): McpServer {
  const server = new McpServer({ name: "ctx-server", version: "1.0.0" }, options);
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

function text(result: Record<string, unknown>): string {
  return ((result.content as { text: string }[])[0] ?? { text: "" }).text;
}

describe("logging", () => {
  it("filters by the default level, then by logging/setLevel", async () => {
    const server = newServer();
    server.registerTool("log", {}, async (_args, ctx) => {
      await ctx.log.debug("debug-msg");
      await ctx.log.info({ step: 1 }, "worker");
      await ctx.log.error("error-msg");
      return { content: [] };
    });
    const { client, notifications } = await connectClient(server);
    await client.request("tools/call", { name: "log" });
    const messages = () =>
      notifications.filter((n) => n.method === "notifications/message").map((n) => n.params);
    expect(messages()).toEqual([
      { level: "info", data: { step: 1 }, logger: "worker" },
      { level: "error", data: "error-msg" },
    ]);
    notifications.length = 0;
    await client.request("logging/setLevel", { level: "error" });
    await client.request("tools/call", { name: "log" });
    await server.log("critical", "broadcast");
    await server.log("notice", "dropped");
    expect(messages()).toEqual([
      { level: "error", data: "error-msg" },
      { level: "critical", data: "broadcast" },
    ]);
  });
});

describe("progress and cancellation", () => {
  it("reports progress for requests with a progressToken only", async () => {
    const server = newServer();
    server.registerTool("work", {}, async (_args, ctx) => {
      await ctx.reportProgress(1, 2, "half");
      await ctx.reportProgress(2, 2);
      return { content: [{ type: "text", text: "done" }] };
    });
    const { client, notifications } = await connectClient(server);
    const seen: unknown[] = [];
    await client.request("tools/call", { name: "work" }, { onProgress: (p) => seen.push(p) });
    expect(seen).toEqual([
      { progress: 1, total: 2, message: "half" },
      { progress: 2, total: 2 },
    ]);
    notifications.length = 0;
    await client.request("tools/call", { name: "work" });
    expect(notifications.filter((n) => n.method === "notifications/progress")).toHaveLength(0);
  });

  it("aborts the handler's signal on notifications/cancelled and sends no response", async () => {
    const server = newServer();
    let aborted: (reason: unknown) => void = () => undefined;
    const abortedReason = new Promise((resolve) => {
      aborted = resolve;
    });
    let started: () => void = () => undefined;
    const startedPromise = new Promise<void>((resolve) => {
      started = resolve;
    });
    server.registerTool("hang", {}, (_args, ctx) => {
      started();
      return new Promise<never>((_, reject) => {
        ctx.signal.addEventListener("abort", () => {
          aborted(ctx.signal.reason);
          reject(new Error("stopped"));
        });
      });
    });
    const { client } = await connectClient(server);
    const controller = new AbortController();
    const call = client.request("tools/call", { name: "hang" }, { signal: controller.signal });
    await startedPromise;
    controller.abort("user gave up");
    await expect(call).rejects.toThrow(/aborted/);
    expect(String(await abortedReason)).toMatch(/user gave up/);
  });
});

describe("server -> client requests", () => {
  async function setup(capabilities: Record<string, unknown>) {
    const server = newServer();
    let context!: HandlerContext;
    server.registerTool("grab", { inputSchema: { kind: z.string() } }, async ({ kind }, ctx) => {
      context = ctx;
      if (kind === "sample") {
        const result = await ctx.createMessage({
          messages: [{ role: "user", content: { type: "text", text: "hi" } }],
          maxTokens: 10,
        });
        return { content: [{ type: "text", text: JSON.stringify(result) }] };
      }
      if (kind === "sample-tools") {
        await ctx.createMessage({
          messages: [{ role: "user", content: { type: "text", text: "hi" } }],
          maxTokens: 10,
          tools: [{ name: "t", inputSchema: { type: "object" } }],
        });
        return { content: [] };
      }
      if (kind === "form") {
        const result = await ctx.elicit({
          message: "Name?",
          requestedSchema: { type: "object", properties: { name: { type: "string" } } },
        });
        return { content: [{ type: "text", text: JSON.stringify(result) }] };
      }
      if (kind === "url") {
        const result = await ctx.elicit({
          mode: "url",
          message: "Log in",
          url: "https://example.com",
          elicitationId: "e",
        });
        return { content: [{ type: "text", text: JSON.stringify(result) }] };
      }
      const roots = await ctx.listRoots();
      return { content: [{ type: "text", text: JSON.stringify(roots) }] };
    });
    const connected = await connectClient(server, { capabilities });
    return { ...connected, context: () => context };
  }

  function answer(client: JsonRpcPeer) {
    client.setRequestHandler("sampling/createMessage", async () => ({
      role: "assistant",
      content: { type: "text", text: "hello" },
      model: "m",
    }));
    client.setRequestHandler("elicitation/create", async (params) => ({
      action: "accept",
      ...(params.mode === "url" ? {} : { content: { name: "Ada" } }),
    }));
    client.setRequestHandler("roots/list", async () => ({ roots: [{ uri: "file:///tmp", name: "tmp" }] }));
  }

  it("makes the requests when the client declared the capabilities", async () => {
    const { client } = await setup({ sampling: {}, elicitation: { form: {}, url: {} }, roots: {} });
    answer(client);
    expect(
      JSON.parse(text(await client.request("tools/call", { name: "grab", arguments: { kind: "sample" } }))),
    ).toMatchObject({
      model: "m",
    });
    expect(
      JSON.parse(text(await client.request("tools/call", { name: "grab", arguments: { kind: "form" } }))),
    ).toEqual({
      action: "accept",
      content: { name: "Ada" },
    });
    expect(
      JSON.parse(text(await client.request("tools/call", { name: "grab", arguments: { kind: "url" } }))),
    ).toEqual({
      action: "accept",
    });
    expect(
      JSON.parse(text(await client.request("tools/call", { name: "grab", arguments: { kind: "roots" } }))),
    ).toEqual({
      roots: [{ uri: "file:///tmp", name: "tmp" }],
    });
  });

  it("treats an empty elicitation capability as form support", async () => {
    const { client } = await setup({ elicitation: {} });
    answer(client);
    expect(
      JSON.parse(text(await client.request("tools/call", { name: "grab", arguments: { kind: "form" } }))),
    ).toMatchObject({
      action: "accept",
    });
    const url = await client.request("tools/call", { name: "grab", arguments: { kind: "url" } });
    expect(url.isError).toBe(true);
    expect(text(url)).toMatch(/"elicitation.url" capability/);
  });

  it("fails clearly when a capability is missing", async () => {
    const { client, context, session } = await setup({ elicitation: { url: {} }, sampling: {} });
    answer(client);
    for (const [kind, capability] of [
      ["roots", "roots"],
      ["form", "elicitation.form"],
      ["sample-tools", "sampling.tools"],
    ] as const) {
      const result = await client.request("tools/call", { name: "grab", arguments: { kind } });
      expect(result.isError).toBe(true);
      expect(text(result)).toContain(`"${capability}" capability`);
    }
    try {
      await context().listRoots();
      expect.unreachable();
    } catch (error) {
      expect(isServerError(error) && error.code).toBe("CAPABILITY_NOT_SUPPORTED");
    }
    await session.close();
    await expect(session.listRoots()).rejects.toThrow(/session is closed/);
  });

  it("refuses client requests before notifications/initialized", async () => {
    const server = newServer();
    const { client, session } = await connectClient(server, { initialize: false });
    await client.request("initialize", {
      protocolVersion: "2025-11-25",
      capabilities: { roots: {} },
      clientInfo: { name: "c", version: "1" },
    });
    expect(session.clientInfo).toEqual({ name: "c", version: "1" });
    await expect(session.listRoots()).rejects.toThrow(/before the client sent notifications\/initialized/);
    client.setRequestHandler("roots/list", async () => ({ roots: [] }));
    await client.notify("notifications/initialized");
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(await session.listRoots()).toEqual({ roots: [] });
    await session.ping();
  });

  it("tells the server when the client's roots changed", async () => {
    const changed: string[] = [];
    const server = newServer({ onRootsListChanged: (session) => changed.push(session.id) });
    const { client, session } = await connectClient(server, {
      capabilities: { roots: { listChanged: true } },
    });
    await client.notify("notifications/roots/list_changed");
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(changed).toEqual([session.id]);
  });

  it("passes transport details and the session to handlers", async () => {
    const { client, context, session } = await setup({});
    answer(client);
    await client.request("tools/call", { name: "grab", arguments: { kind: "x" }, _meta: { trace: "t1" } });
    expect(context().session).toBe(session);
    expect(context().meta).toEqual({ trace: "t1" });
    expect(typeof context().requestId).toBe("number");
    expect(isProtocolError(new Error("x"))).toBe(false);
  });
});
