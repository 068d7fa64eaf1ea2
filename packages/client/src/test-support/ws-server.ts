/**
 * A WebSocket MCP server for tests: the official SDK's `McpServer` behind a tiny server-side
 * transport over a `ws` socket (the SDK ships only a WebSocket client transport).
 */
import type { AddressInfo } from "node:net";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { type WebSocket, WebSocketServer } from "ws";
import { buildSdkServer } from "./sdk-http-server.js";

class ServerSocketTransport implements Transport {
  onmessage?: (message: JSONRPCMessage) => void;
  onerror?: (error: Error) => void;
  onclose?: () => void;

  constructor(private readonly socket: WebSocket) {}

  async start(): Promise<void> {
    this.socket.on("message", (data) => {
      try {
        this.onmessage?.(JSON.parse(String(data)) as JSONRPCMessage);
      } catch (error) {
        this.onerror?.(error as Error);
      }
    });
    this.socket.on("close", () => this.onclose?.());
  }

  async send(message: JSONRPCMessage): Promise<void> {
    this.socket.send(JSON.stringify(message));
  }

  async close(): Promise<void> {
    this.socket.close();
  }
}

export interface TestWsServer {
  url: string;
  protocols: string[];
  /** Sends raw text to every connected socket. */
  broadcastRaw(text: string): void;
  close(): Promise<void>;
}

export async function startWsServer(): Promise<TestWsServer> {
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise<void>((resolve) => wss.once("listening", () => resolve()));
  const protocols: string[] = [];
  wss.on("connection", (socket) => {
    protocols.push(socket.protocol);
    void buildSdkServer().connect(new ServerSocketTransport(socket));
  });
  return {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/mcp`,
    protocols,
    broadcastRaw: (text) => {
      for (const socket of wss.clients) socket.send(text);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of wss.clients) socket.terminate();
        wss.close(() => resolve());
      }),
  };
}
