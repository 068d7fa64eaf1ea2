/**
 * The official @modelcontextprotocol/sdk Client against our Streamable HTTP and legacy SSE
 * transports, served by a real process (the conformance fixture, built on @mcp/server-base).
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import {
  CreateMessageRequestSchema,
  LoggingMessageNotificationSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FixtureProcess, startFixture } from "./fixture-process.js";

interface Exchange {
  method: string;
  headers: Headers;
  status: number;
  contentType: string | null;
  body: string | undefined;
}

/** A fetch that records every exchange the SDK transport makes. */
function recordingFetch(log: Exchange[]) {
  return async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const response = await fetch(input, init);
    log.push({
      method: init?.method ?? "GET",
      headers: new Headers(init?.headers),
      status: response.status,
      contentType: response.headers.get("content-type"),
      body: typeof init?.body === "string" ? init.body : undefined,
    });
    return response;
  };
}

let fixture: FixtureProcess;
beforeAll(async () => {
  fixture = await startFixture();
});
afterAll(async () => {
  await fixture?.stop();
});

async function connect(log: Exchange[] = []) {
  const client = new Client(
    { name: "sdk-interop", version: "1.0.0" },
    { capabilities: { sampling: {}, elicitation: {} } },
  );
  const transport = new StreamableHTTPClientTransport(fixture.url, {
    fetch: recordingFetch(log),
    reconnectionOptions: {
      initialReconnectionDelay: 50,
      maxReconnectionDelay: 500,
      reconnectionDelayGrowFactor: 1.5,
      maxRetries: 3,
    },
  });
  await client.connect(transport);
  return { client, transport, log };
}

describe("SDK StreamableHTTPClientTransport against our server", () => {
  it("initializes a session, lists and calls tools", async () => {
    const { client, transport } = await connect();
    expect(transport.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(client.getServerVersion()?.name).toBe("mcp-platform-conformance-fixture");
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(
      expect.arrayContaining(["test_simple_text", "test_tool_with_progress", "test_reconnection"]),
    );
    const result = await client.callTool({ name: "test_simple_text", arguments: {} });
    expect(result.content).toEqual([{ type: "text", text: "This is a simple text response for testing." }]);
    await client.close();
  });

  it("delivers progress and log notifications on the request's own SSE stream", async () => {
    const { client, log } = await connect();
    const progress: number[] = [];
    await client.callTool({ name: "test_tool_with_progress", arguments: {} }, undefined, {
      onprogress: (p) => progress.push(p.progress),
    });
    expect(progress).toEqual([0, 50, 100]);
    const logs: string[] = [];
    client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
      logs.push(String(n.params.data));
    });
    await client.setLoggingLevel("info");
    await client.callTool({ name: "test_tool_with_logging", arguments: {} });
    expect(logs).toEqual(["Tool execution started", "Tool processing data", "Tool execution completed"]);
    const calls = log.filter((e) => e.method === "POST" && e.body?.includes('"tools/call"'));
    expect(calls).toHaveLength(2);
    for (const call of calls) expect(call.contentType).toBe("text/event-stream");
    await client.close();
  });

  it("answers a server-to-client sampling request made inside a tool", async () => {
    const { client } = await connect();
    client.setRequestHandler(CreateMessageRequestSchema, async (request) => ({
      role: "assistant",
      content: { type: "text", text: `echo: ${JSON.stringify(request.params.messages[0]?.content)}` },
      model: "test-model",
      stopReason: "endTurn",
    }));
    const result = await client.callTool({ name: "test_sampling", arguments: { prompt: "hi" } });
    expect(result.content).toEqual([
      { type: "text", text: 'LLM response: echo: {"type":"text","text":"hi"}' },
    ]);
    await client.close();
  });

  it("resumes a stream the server closed mid-call, with Last-Event-ID", async () => {
    const { client, log } = await connect();
    const tokens: string[] = [];
    const result = await client.callTool({ name: "test_reconnection", arguments: {} }, undefined, {
      onresumptiontoken: (token) => tokens.push(token),
      timeout: 15_000,
    });
    expect(result.content).toEqual([{ type: "text", text: "Reconnection test completed successfully" }]);
    const resumed = log.find((e) => e.method === "GET" && e.headers.has("last-event-id"));
    expect(resumed?.status).toBe(200);
    expect(tokens).toContain(resumed?.headers.get("last-event-id"));
    await client.close();
  });

  it("ends the session with DELETE; the old session id then gets 404", async () => {
    const { client, transport, log } = await connect();
    const sessionId = transport.sessionId as string;
    await transport.terminateSession();
    expect(log.find((e) => e.method === "DELETE")?.status).toBe(200);
    const after = await fetch(fixture.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        "mcp-session-id": sessionId,
        "mcp-protocol-version": "2025-11-25",
      },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }),
    });
    expect(after.status).toBe(404);
    await client.close();
  });
});

describe("SDK SSEClientTransport (legacy HTTP+SSE) against our server", () => {
  it("connects through /sse, lists and calls tools, reads a resource", async () => {
    const client = new Client({ name: "sdk-legacy", version: "1.0.0" });
    const transport = new SSEClientTransport(new URL("/sse", fixture.url));
    await client.connect(transport);
    const { tools } = await client.listTools();
    expect(tools.length).toBeGreaterThan(5);
    const result = await client.callTool({ name: "test_simple_text", arguments: {} });
    expect(result.content).toEqual([{ type: "text", text: "This is a simple text response for testing." }]);
    const resource = await client.readResource({ uri: "test://template/42/data" });
    expect(resource.contents[0]).toMatchObject({
      uri: "test://template/42/data",
      mimeType: "application/json",
    });
    await client.close();
  });
});
