import { isProtocolError } from "@mcp/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { McpServer } from "../mcp-server.js";
import { connectClient } from "../test-support/pair.js";
import { RELATED_TASK_META_KEY } from "./task-manager.js";

const servers: McpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function rejection(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isProtocolError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error("expected a rejection");
}

function taskServer(options: ConstructorParameters<typeof McpServer>[1] = {}) {
  const server = new McpServer({ name: "tasks", version: "1.0.0" }, options);
  servers.push(server);
  const gates: (() => void)[] = [];
  server.registerTool(
    "slow",
    {
      inputSchema: { n: z.number() },
      outputSchema: { doubled: z.number() },
      execution: { taskSupport: "optional" },
    },
    async ({ n }, ctx) => {
      expect(ctx.task?.taskId).toBeTypeOf("string");
      await ctx.reportProgress(1, 2);
      await new Promise<void>((resolve, reject) => {
        gates.push(resolve);
        ctx.signal.addEventListener("abort", () => reject(new Error("aborted")));
      });
      if (n < 0) throw new Error("negative");
      return { structuredContent: { doubled: n * 2 } };
    },
  );
  server.registerTool("must", { execution: { taskSupport: "required" } }, async (_args, ctx) => {
    if (ctx.task === undefined) throw new Error("expected a task");
    throw new (await import("@mcp/protocol")).ProtocolError(-32000, "custom wire failure");
  });
  server.registerTool("plain", {}, () => ({ content: [{ type: "text", text: "plain" }] }));
  return {
    server,
    release: () => {
      for (const open of gates.splice(0)) open();
    },
  };
}

async function waitFor(check: () => boolean) {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 2));
  expect(check()).toBe(true);
}

describe("tasks", () => {
  it("declares the tasks capability only for 2025-11-25 sessions", async () => {
    const { server } = taskServer();
    expect(server.capabilitiesFor("2025-11-25").tasks).toEqual({
      list: {},
      cancel: {},
      requests: { tools: { call: {} } },
    });
    expect(server.capabilitiesFor("2025-06-18").tasks).toBeUndefined();
  });

  it("runs a task-augmented call: create, status, progress, result with related-task meta", async () => {
    const { server, release } = taskServer({ tasks: { pollIntervalMs: 100 } });
    const { client, notifications } = await connectClient(server);
    const created = (await client.request("tools/call", {
      name: "slow",
      arguments: { n: 21 },
      task: { ttl: 60_000 },
      _meta: { progressToken: "p1" },
    })) as unknown as { task: { taskId: string; status: string; ttl: number; pollInterval: number } };
    expect(created.task).toMatchObject({ status: "working", ttl: 60_000, pollInterval: 100 });
    const { taskId } = created.task;
    expect(await client.request("tasks/get", { taskId })).toMatchObject({ taskId, status: "working" });
    const listed = (await client.request("tasks/list", {})) as { tasks: { taskId: string }[] };
    expect(listed.tasks.map((task) => task.taskId)).toEqual([taskId]);
    const result = client.request("tasks/result", { taskId });
    await waitFor(() => notifications.some((n) => n.method === "notifications/progress"));
    release();
    expect(await result).toEqual({
      content: [{ type: "text", text: '{"doubled":42}' }],
      structuredContent: { doubled: 42 },
      _meta: { [RELATED_TASK_META_KEY]: { taskId } },
    });
    expect(await client.request("tasks/get", { taskId })).toMatchObject({ status: "completed" });
    await waitFor(() => notifications.some((n) => n.method === "notifications/tasks/status"));
    expect(notifications.find((n) => n.method === "notifications/tasks/status")?.params).toMatchObject({
      taskId,
      status: "completed",
    });
    expect(notifications.find((n) => n.method === "notifications/progress")?.params).toEqual({
      progressToken: "p1",
      progress: 1,
      total: 2,
    });
    expect(await rejection(client.request("tasks/cancel", { taskId }))).toMatchObject({ code: -32602 });
  });

  it("completes tool errors and fails JSON-RPC errors", async () => {
    const { server, release } = taskServer();
    const { client } = await connectClient(server);
    const errored = (await client.request("tools/call", {
      name: "slow",
      arguments: { n: -1 },
      task: {},
    })) as unknown as {
      task: { taskId: string };
    };
    release();
    await waitFor(() => true);
    const result = client.request("tasks/result", { taskId: errored.task.taskId });
    release();
    expect(await result).toMatchObject({ isError: true, content: [{ type: "text", text: "negative" }] });
    const failing = (await client.request("tools/call", { name: "must", task: {} })) as unknown as {
      task: { taskId: string };
    };
    expect(await rejection(client.request("tasks/result", { taskId: failing.task.taskId }))).toEqual({
      code: -32000,
      message: "custom wire failure",
    });
    expect(await client.request("tasks/get", { taskId: failing.task.taskId })).toMatchObject({
      status: "failed",
      statusMessage: "custom wire failure",
    });
  });

  it("cancels a running task and aborts its handler", async () => {
    const { server } = taskServer();
    const { client } = await connectClient(server);
    const created = (await client.request("tools/call", {
      name: "slow",
      arguments: { n: 1 },
      task: {},
    })) as unknown as {
      task: { taskId: string };
    };
    const { taskId } = created.task;
    const result = rejection(client.request("tasks/result", { taskId }));
    expect(await client.request("tasks/cancel", { taskId })).toMatchObject({ taskId, status: "cancelled" });
    expect(await result).toMatchObject({ code: -32602, message: expect.stringMatching(/was cancelled/) });
    expect(await client.request("tasks/get", { taskId })).toMatchObject({ status: "cancelled" });
  });

  it("enforces taskSupport and unknown ids", async () => {
    const { server } = taskServer();
    const { client } = await connectClient(server);
    expect(await rejection(client.request("tools/call", { name: "must" }))).toMatchObject({ code: -32601 });
    expect(await rejection(client.request("tools/call", { name: "plain", task: {} }))).toMatchObject({
      code: -32601,
    });
    expect(await rejection(client.request("tasks/get", { taskId: "nope" }))).toMatchObject({ code: -32602 });
    expect(await rejection(client.request("tasks/list", { cursor: "bad" }))).toMatchObject({ code: -32602 });
  });

  it("forgets tasks after their TTL", async () => {
    const { server } = taskServer({ tasks: { maxTtlMs: 20 } });
    const { client } = await connectClient(server);
    const created = (await client.request("tools/call", {
      name: "slow",
      arguments: { n: 1 },
      task: { ttl: 999_999 },
    })) as unknown as {
      task: { taskId: string; ttl: number };
    };
    expect(created.task.ttl).toBe(20);
    const result = rejection(client.request("tasks/result", { taskId: created.task.taskId }));
    expect(await result).toMatchObject({ message: expect.stringMatching(/expired/) });
    expect(await rejection(client.request("tasks/get", { taskId: created.task.taskId }))).toMatchObject({
      code: -32602,
    });
  });

  it("ignores task params for sessions without the tasks capability", async () => {
    const { server } = taskServer();
    server.registerTool("probe", { execution: { taskSupport: "optional" } }, (_args, ctx) => ({
      content: [{ type: "text", text: `task:${ctx.task === undefined ? "no" : "yes"}` }],
    }));
    const { client } = await connectClient(server, { protocolVersion: "2025-06-18" });
    // The server answers with a plain CallToolResult; our client (rightly) expected a task.
    await expect(client.request("tools/call", { name: "probe", task: {} })).rejects.toThrow(
      /Invalid result for tools\/call: task/,
    );
    expect(await client.request("tools/call", { name: "probe" })).toEqual({
      content: [{ type: "text", text: "task:no" }],
    });
  });
});

describe("tasks that ask the client", () => {
  it("shows input_required while an elicitation is pending and tags it with the task", async () => {
    const server = new McpServer({ name: "tasks", version: "1.0.0" });
    servers.push(server);
    server.registerTool("ask", { execution: { taskSupport: "optional" } }, async (_args, ctx) => {
      const answer = await ctx.elicit({
        message: "Name?",
        requestedSchema: { type: "object", properties: { name: { type: "string" } } },
      });
      return { content: [{ type: "text", text: JSON.stringify(answer.content) }] };
    });
    const { client, notifications } = await connectClient(server, { capabilities: { elicitation: {} } });
    let release: () => void = () => undefined;
    const asked = new Promise<Record<string, unknown>>((resolveAsked) => {
      client.setRequestHandler("elicitation/create", (params) => {
        resolveAsked(params);
        return new Promise((resolveAnswer) => {
          release = () => resolveAnswer({ action: "accept", content: { name: "Ada" } });
        });
      });
    });
    const created = (await client.request("tools/call", { name: "ask", task: {} })) as unknown as {
      task: { taskId: string };
    };
    const { taskId } = created.task;
    const params = await asked;
    expect(params._meta).toEqual({ [RELATED_TASK_META_KEY]: { taskId } });
    expect(await client.request("tasks/get", { taskId })).toMatchObject({ status: "input_required" });
    release();
    expect(await client.request("tasks/result", { taskId })).toMatchObject({
      content: [{ type: "text", text: '{"name":"Ada"}' }],
    });
    const statuses = notifications
      .filter((n) => n.method === "notifications/tasks/status")
      .map((n) => n.params.status);
    expect(statuses).toEqual(["input_required", "working", "completed"]);
  });
});
