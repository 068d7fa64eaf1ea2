/**
 * The official SDK's servers, started in-process on an ephemeral port, for testing our HTTP
 * transports against software we did not write: `McpServer` behind `StreamableHTTPServerTransport`
 * (at /mcp) and behind the deprecated `SSEServerTransport` (GET /sse, POST /messages).
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { InMemoryEventStore } from "@modelcontextprotocol/sdk/examples/shared/inMemoryEventStore.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { SSEServerTransport } from "@modelcontextprotocol/sdk/server/sse.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { z } from "zod";

export interface SdkHttpServerOptions {
  /** JSON responses instead of SSE streams. */
  enableJsonResponse?: boolean;
  /** No sessions (a new server per request, as the SDK's stateless example). */
  stateless?: boolean;
  /** Serve only the legacy HTTP+SSE transport. */
  legacyOnly?: boolean;
  /** SSE `retry` the server announces (with an event store, for resumability). */
  retryInterval?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body?: unknown;
}

export interface SdkHttpServer {
  url: string;
  requests: RecordedRequest[];
  /** Live Streamable HTTP sessions by id. */
  sessions: Map<string, { transport: StreamableHTTPServerTransport; server: McpServer }>;
  /** Sessions the server saw closed (DELETE or transport close). */
  closedSessions: string[];
  close(): Promise<void>;
}

/** An `McpServer` with a few tools that exercise content, structured output, logging, streams. */
export function buildSdkServer(
  hooks: { closeStream?: (requestId: string | number) => void } = {},
): McpServer {
  const server = new McpServer(
    { name: "sdk-test-server", version: "9.9.9" },
    { capabilities: { logging: {}, resources: { subscribe: true } } },
  );
  server.registerTool(
    "add",
    {
      description: "Adds two numbers",
      inputSchema: { a: z.number(), b: z.number() },
      outputSchema: { sum: z.number() },
    },
    async ({ a, b }) => ({
      content: [{ type: "text", text: String(a + b) }],
      structuredContent: { sum: a + b },
    }),
  );
  server.registerTool(
    "chatty",
    { description: "Logs and reports progress before answering", inputSchema: { steps: z.number() } },
    async ({ steps }, extra) => {
      for (let i = 1; i <= steps; i++) {
        await extra.sendNotification({
          method: "notifications/message",
          params: { level: "info", data: `step ${i}` },
        });
        const token = extra._meta?.progressToken;
        if (token !== undefined) {
          await extra.sendNotification({
            method: "notifications/progress",
            params: { progressToken: token, progress: i, total: steps },
          });
        }
      }
      return { content: [{ type: "text", text: "done" }] };
    },
  );
  server.registerTool(
    "drop-stream",
    { description: "Closes its own SSE stream, then answers later", inputSchema: { delayMs: z.number() } },
    async ({ delayMs }, extra) => {
      hooks.closeStream?.(extra.requestId);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      return { content: [{ type: "text", text: "after the break" }] };
    },
  );
  server.registerTool("fails", { description: "Always an error result" }, async () => ({
    content: [{ type: "text", text: "nope" }],
    isError: true,
  }));
  server.registerResource("greeting", "test://greeting", { mimeType: "text/plain" }, async (uri) => ({
    contents: [{ uri: uri.href, text: "hello" }],
  }));
  return server;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text === "" ? undefined : JSON.parse(text);
}

export async function startSdkHttpServer(options: SdkHttpServerOptions = {}): Promise<SdkHttpServer> {
  const requests: RecordedRequest[] = [];
  const sessions: SdkHttpServer["sessions"] = new Map();
  const closedSessions: string[] = [];
  const legacy = new Map<string, SSEServerTransport>();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const body = req.method === "POST" ? await readBody(req) : undefined;
    requests.push({ method: req.method ?? "", path: url.pathname, headers: req.headers, body });

    if (url.pathname === "/sse" && req.method === "GET") {
      const transport = new SSEServerTransport("/messages", res);
      legacy.set(transport.sessionId, transport);
      res.on("close", () => legacy.delete(transport.sessionId));
      await buildSdkServer().connect(transport);
      return;
    }
    if (url.pathname === "/messages" && req.method === "POST") {
      const transport = legacy.get(url.searchParams.get("sessionId") ?? "");
      if (transport === undefined) {
        res.writeHead(404).end("unknown session");
        return;
      }
      await transport.handlePostMessage(req, res, body);
      return;
    }
    if (url.pathname !== "/mcp" || options.legacyOnly) {
      res.writeHead(404).end("not found");
      return;
    }
    if (options.stateless) {
      if (req.method !== "POST") {
        res.writeHead(405).end();
        return;
      }
      const transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: undefined,
        enableJsonResponse: options.enableJsonResponse ?? false,
      });
      const server = buildSdkServer();
      res.on("close", () => void server.close());
      await server.connect(transport);
      await transport.handleRequest(req, res, body);
      return;
    }
    const sessionId = req.headers["mcp-session-id"];
    const existing = typeof sessionId === "string" ? sessions.get(sessionId) : undefined;
    if (existing !== undefined) {
      await existing.transport.handleRequest(req, res, body);
      return;
    }
    if (typeof sessionId === "string") {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(
        JSON.stringify({ jsonrpc: "2.0", error: { code: -32001, message: "Session not found" }, id: null }),
      );
      return;
    }
    if (req.method !== "POST" || (body as { method?: string } | undefined)?.method !== "initialize") {
      res.writeHead(400).end("no session");
      return;
    }
    let transport: StreamableHTTPServerTransport | undefined;
    const server = buildSdkServer({
      closeStream: (requestId) => transport?.closeSSEStream(requestId),
    });
    transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      enableJsonResponse: options.enableJsonResponse ?? false,
      ...(options.retryInterval === undefined
        ? {}
        : { eventStore: new InMemoryEventStore(), retryInterval: options.retryInterval }),
      onsessioninitialized: (id) => {
        sessions.set(id, { transport: transport!, server });
      },
      onsessionclosed: (id) => {
        closedSessions.push(id);
        sessions.delete(id);
      },
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  };

  const http: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${options.legacyOnly ? "/sse" : "/mcp"}`,
    requests,
    sessions,
    closedSessions,
    close: async () => {
      for (const { server } of sessions.values()) await server.close().catch(() => {});
      for (const transport of legacy.values()) await transport.close().catch(() => {});
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
