import { Client } from "@mcp/client";
import { createLinkedTransportPair, LocalErrorCode } from "@mcp/protocol";
import { McpServer } from "@mcp/server-base";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";

// Our client against our server framework, in one process over a linked pair: both ends of the
// shared JsonRpcPeer, with the features only the two together exercise.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const close of closers.splice(0)) await close().catch(() => {});
});

function buildServer(): { server: McpServer; cancelled: string[] } {
  const cancelled: string[] = [];
  const server = new McpServer({ name: "server-base-under-test", version: "1.0.0" }, { pageSize: 2 });
  server.registerTool(
    "add",
    { inputSchema: { a: z.number(), b: z.number() }, outputSchema: { sum: z.number() } },
    async ({ a, b }) => ({ structuredContent: { sum: a + b } }),
  );
  for (const name of ["t1", "t2", "t3"]) server.registerTool(name, {}, async () => ({ content: [] }));
  server.registerTool("slow", { inputSchema: { steps: z.number() } }, async ({ steps }, ctx) => {
    for (let i = 1; i <= steps; i++) {
      await sleep(20);
      if (ctx.signal.aborted) {
        cancelled.push("slow");
        return { content: [] };
      }
      await ctx.reportProgress(i, steps);
      await ctx.log.info(`step ${i}`);
    }
    return { content: [{ type: "text", text: "finished" }] };
  });
  server.registerTool("ask", {}, async (_args, ctx) => {
    const sampled = await ctx.createMessage({
      messages: [{ role: "user", content: { type: "text", text: "2+2?" } }],
      maxTokens: 5,
    });
    const answer = await ctx.elicit({
      message: "Confirm",
      requestedSchema: { type: "object", properties: { ok: { type: "boolean", default: true } } },
    });
    const roots = await ctx.listRoots();
    return { content: [{ type: "text", text: JSON.stringify({ sampled: sampled.content, answer, roots }) }] };
  });
  server.registerTool("background", { execution: { taskSupport: "optional" } }, async () => {
    await sleep(30);
    return { content: [{ type: "text", text: "from a task" }] };
  });
  server.registerResource("note", "note://one", { mimeType: "text/plain" }, async (uri) => ({
    contents: [{ uri: uri.href, text: "a note" }],
  }));
  return { server, cancelled };
}

async function connect() {
  const { server, cancelled } = buildServer();
  const [clientSide, serverSide] = createLinkedTransportPair();
  await server.connect(serverSide);
  const client = new Client({ name: "client-under-test", version: "1.0.0" });
  client.setSamplingHandler(async () => ({
    role: "assistant",
    model: "m",
    content: { type: "text", text: "4" },
  }));
  client.setElicitationHandler(async () => ({ action: "accept", content: {} }));
  await client.setRoots([{ uri: "file:///srv", name: "srv" }]);
  await client.connect(clientSide);
  closers.push(
    () => client.close(),
    () => server.close(),
  );
  return { client, server, cancelled };
}

describe("@mcp/client against @mcp/server-base", () => {
  it("negotiates, pages through tools, validates structured output", async () => {
    const { client } = await connect();
    expect(client.serverInfo?.name).toBe("server-base-under-test");
    const first = await client.listTools();
    expect(first.tools).toHaveLength(2);
    expect(first.nextCursor).toBeDefined();
    const all = await client.listAllTools();
    expect(all.map((t) => t.name)).toEqual(["add", "t1", "t2", "t3", "slow", "ask", "background"]);
    const result = await client.callTool({ name: "add", arguments: { a: 2, b: 3 } });
    expect(result.structuredContent).toEqual({ sum: 5 });
  });

  it("delivers progress and logs, and cancels through an AbortSignal", async () => {
    const { client, cancelled } = await connect();
    await client.setLoggingLevel("info");
    const logs: unknown[] = [];
    client.on("loggingMessage", (m) => logs.push(m.data));
    const progress: number[] = [];
    const done = await client.callTool(
      { name: "slow", arguments: { steps: 3 } },
      { onProgress: (p) => progress.push(p.progress) },
    );
    expect(done.content).toEqual([{ type: "text", text: "finished" }]);
    expect(progress).toEqual([1, 2, 3]);
    expect(logs).toEqual(["step 1", "step 2", "step 3"]);

    const controller = new AbortController();
    const pending = client.callTool(
      { name: "slow", arguments: { steps: 50 } },
      { signal: controller.signal },
    );
    await sleep(60);
    controller.abort("user stop");
    await expect(pending).rejects.toMatchObject({ code: LocalErrorCode.RequestAborted });
    await sleep(60);
    expect(cancelled).toEqual(["slow"]);
  });

  it("answers sampling, elicitation (defaults applied) and roots from inside a tool", async () => {
    const { client } = await connect();
    const result = await client.callTool({ name: "ask" });
    const text = (result.content[0] as { text: string }).text;
    expect(JSON.parse(text)).toEqual({
      sampled: { type: "text", text: "4" },
      answer: { action: "accept", content: { ok: true } },
      roots: { roots: [{ uri: "file:///srv", name: "srv" }] },
    });
  });

  it("runs a tool as a task and hears list changes", async () => {
    const { client, server } = await connect();
    const created = await client.callToolAsTask({ name: "background" });
    const outcome = await client.getTaskResult(created.task.taskId);
    expect(outcome.content).toEqual([{ type: "text", text: "from a task" }]);
    expect((await client.getTask(created.task.taskId)).status).toBe("completed");
    const changed = new Promise<void>((resolve) => client.on("toolsListChanged", () => resolve()));
    server.registerTool("late", {}, async () => ({ content: [] }));
    await changed;
    expect((await client.listAllTools()).map((t) => t.name)).toContain("late");
    expect((await client.readResource({ uri: "note://one" })).contents[0]).toMatchObject({ text: "a note" });
  });
});
