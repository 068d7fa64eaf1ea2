import { afterEach, describe, expect, it } from "vitest";
import { WebSocket as WsWebSocket } from "ws";
import { Client } from "../client/client.js";
import { startWsServer, type TestWsServer } from "../test-support/ws-server.js";
import { WebSocketClientTransport, type WebSocketConstructor } from "./websocket.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let server: TestWsServer | undefined;
const clients: Client[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await server?.close();
  server = undefined;
});

describe("WebSocketClientTransport", () => {
  it("talks to the SDK McpServer over WebSocket with the mcp subprotocol", async () => {
    server = await startWsServer();
    const client = new Client({ name: "ws-test", version: "1" });
    clients.push(client);
    await client.connect(new WebSocketClientTransport(server.url));
    expect(server.protocols).toEqual(["mcp"]);
    expect(client.serverInfo?.name).toBe("sdk-test-server");
    await client.listTools();
    const result = await client.callTool({ name: "add", arguments: { a: 20, b: 22 } });
    expect(result.structuredContent).toEqual({ sum: 42 });
  });

  it("accepts an explicit WebSocket implementation and reports invalid frames", async () => {
    server = await startWsServer();
    const client = new Client({ name: "ws-test", version: "1" });
    clients.push(client);
    const errors: Error[] = [];
    client.onerror = (e) => errors.push(e);
    await client.connect(
      new WebSocketClientTransport(new URL(server.url), {
        WebSocket: WsWebSocket as unknown as WebSocketConstructor,
        protocols: ["mcp"],
      }),
    );
    server.broadcastRaw("this is not json");
    await sleep(20);
    expect(errors.map((e) => e.message)).toEqual(["The server sent an invalid frame"]);
    await client.ping();
  });

  it("closes the client when the server goes away, failing in-flight requests", async () => {
    server = await startWsServer();
    const client = new Client({ name: "ws-test", version: "1" });
    const transport = new WebSocketClientTransport(server.url);
    await client.connect(transport);
    let closed = false;
    client.onclose = () => {
      closed = true;
    };
    await server.close();
    server = undefined;
    await sleep(50);
    expect(closed).toBe(true);
    await expect(client.ping()).rejects.toMatchObject({ code: "CONNECTION_CLOSED" });
    await expect(transport.send({ jsonrpc: "2.0", method: "x" })).rejects.toMatchObject({
      code: "CONNECTION_CLOSED",
    });
    await expect(transport.start()).rejects.toMatchObject({ code: "ALREADY_STARTED" });
  });

  it("rejects start when nothing listens", async () => {
    const transport = new WebSocketClientTransport("ws://127.0.0.1:9/mcp");
    await expect(transport.start()).rejects.toThrow();
  });
});
