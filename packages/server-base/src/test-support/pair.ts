// Test helper: an McpServer session and a raw JsonRpcPeer client over a linked in-memory pair.
import { createLinkedTransportPair, JsonRpcPeer, LATEST_PROTOCOL_VERSION } from "@mcp/protocol";
import type { McpServer } from "../mcp-server.js";
import type { ServerSession } from "../server-session.js";

export interface TestClient {
  client: JsonRpcPeer;
  session: ServerSession;
  notifications: { method: string; params: Record<string, unknown> }[];
  /** Resolves with the next notification of `method`. */
  next(method: string): Promise<Record<string, unknown>>;
}

export async function connectClient(
  server: McpServer,
  options: { capabilities?: Record<string, unknown>; initialize?: boolean; protocolVersion?: string } = {},
): Promise<TestClient> {
  const [clientSide, serverSide] = createLinkedTransportPair();
  const session = await server.connect(serverSide);
  const client = new JsonRpcPeer({ defaultTimeoutMs: 5_000 });
  const notifications: TestClient["notifications"] = [];
  const waiters: { method: string; resolve: (params: Record<string, unknown>) => void }[] = [];
  const record = (method: string) => (params: Record<string, unknown>) => {
    notifications.push({ method, params });
    const index = waiters.findIndex((waiter) => waiter.method === method);
    if (index >= 0) waiters.splice(index, 1)[0]?.resolve(params);
  };
  for (const method of [
    "notifications/message",
    "notifications/progress",
    "notifications/tools/list_changed",
    "notifications/resources/list_changed",
    "notifications/prompts/list_changed",
    "notifications/resources/updated",
    "notifications/tasks/status",
  ]) {
    client.setNotificationHandler(method, record(method));
  }
  await client.connect(clientSide);
  if (options.initialize !== false) {
    await client.request("initialize", {
      protocolVersion: options.protocolVersion ?? LATEST_PROTOCOL_VERSION,
      capabilities: options.capabilities ?? {},
      clientInfo: { name: "test-client", version: "1.0.0" },
    });
    await client.notify("notifications/initialized");
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return {
    client,
    session,
    notifications,
    next: (method) => new Promise((resolve) => waiters.push({ method, resolve })),
  };
}
