/**
 * A hand-written MCP server for the HTTP tests: it answers a few methods directly on the transport,
 * so these tests exercise only the HTTP layer, not the server framework.
 */
import {
  isJSONRPCRequest,
  type JSONRPCMessage,
  type MessageExtra,
  negotiateProtocolVersion,
  type RequestId,
  type Transport,
} from "@mcp/protocol";
import type { HttpMessageExtra } from "../streamable-http-transport.js";

export interface FakeServer {
  connect(transport: Transport, options?: { preInitialized?: { protocolVersion?: string } }): Promise<void>;
  transports: Transport[];
  received: { message: JSONRPCMessage; extra: MessageExtra | undefined }[];
  connectOptions: unknown[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function createFakeServer(): FakeServer {
  const server: FakeServer = {
    transports: [],
    received: [],
    connectOptions: [],
    async connect(transport, options) {
      server.transports.push(transport);
      server.connectOptions.push(options);
      const pending = new Map<RequestId, (message: JSONRPCMessage) => void>();
      let nextId = 0;
      transport.onmessage = (message, extra) => {
        server.received.push({ message, extra });
        if (!isJSONRPCRequest(message)) {
          if ("id" in message && message.id !== undefined) pending.get(message.id)?.(message);
          return;
        }
        const reply = (result: Record<string, unknown>) =>
          transport.send({ jsonrpc: "2.0", id: message.id, result });
        const related = { relatedRequestId: message.id };
        void (async () => {
          const params = message.params ?? {};
          const args = (params.arguments ?? {}) as Record<string, unknown>;
          switch (message.method) {
            case "initialize":
              return reply({
                protocolVersion: negotiateProtocolVersion(String(params.protocolVersion)),
                capabilities: { tools: {} },
                serverInfo: { name: "fake", version: "1.0.0" },
              });
            case "ping":
              return reply({});
            case "tools/call":
              switch (params.name) {
                case "notify":
                  for (let i = 1; i <= 2; i++) {
                    await transport.send(
                      {
                        jsonrpc: "2.0",
                        method: "notifications/message",
                        params: { level: "info", data: `n${i}` },
                      },
                      related,
                    );
                  }
                  return reply({ content: [{ type: "text", text: "notified" }] });
                case "poll": {
                  (extra as HttpMessageExtra | undefined)?.closeSSEStream?.();
                  await sleep(Number(args.ms ?? 50));
                  return reply({ content: [{ type: "text", text: "after poll" }] });
                }
                case "drop-get":
                  (extra as HttpMessageExtra | undefined)?.closeStandaloneSSEStream?.();
                  await transport.send({ jsonrpc: "2.0", method: "notifications/resources/list_changed" });
                  return reply({ content: [{ type: "text", text: "dropped" }] });
                case "slow":
                  await sleep(Number(args.ms ?? 50));
                  return reply({ content: [{ type: "text", text: "slow done" }] });
                case "broadcast":
                  await transport.send({
                    jsonrpc: "2.0",
                    method: "notifications/tools/list_changed",
                  });
                  return reply({ content: [{ type: "text", text: "broadcast" }] });
                case "ask": {
                  const id = `s${++nextId}`;
                  const answer = new Promise<JSONRPCMessage>((resolve) => pending.set(id, resolve));
                  await transport.send({ jsonrpc: "2.0", id, method: "roots/list" }, related);
                  const response = await answer;
                  return reply({ content: [{ type: "text", text: JSON.stringify(response) }] });
                }
                default:
                  return reply({ content: [{ type: "text", text: String(args.text ?? "") }] });
              }
            default:
              return transport.send({
                jsonrpc: "2.0",
                id: message.id,
                error: { code: -32601, message: "Method not found" },
              });
          }
        })().catch(() => {
          // The transport closed under a running handler (a test ended the session): nothing to do.
        });
      };
      await transport.start();
    },
  };
  return server;
}
