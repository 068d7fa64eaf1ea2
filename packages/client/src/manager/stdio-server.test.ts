import { afterEach, describe, expect, it } from "vitest";
import { Client } from "../client/client.js";
import { StdioClientTransport } from "../stdio/stdio-client-transport.js";
import type { ManagedServer } from "./managed-server.js";
import { createStdioManagedServer, stdioServerFactory } from "./stdio-server.js";

// A minimal MCP server answering initialize and ping, enough for the factory's wiring.
const SERVER = `
const rl = require("node:readline").createInterface({ input: process.stdin });
rl.on("line", (line) => {
  const m = JSON.parse(line);
  if (m.id === undefined) return;
  const result = m.method === "initialize"
    ? { protocolVersion: m.params.protocolVersion, capabilities: {}, serverInfo: { name: "mini", version: "1" } }
    : {};
  process.stdout.write(JSON.stringify({ jsonrpc: "2.0", id: m.id, result }) + "\\n");
});
rl.on("close", () => process.exit(0));
`;

const servers: ManagedServer<Client>[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

describe("createStdioManagedServer", () => {
  it("spawns the process, connects a Client and pings it", async () => {
    const server = createStdioManagedServer({
      server: { command: process.execPath, args: ["-e", SERVER] },
      clientInfo: { name: "test-host", version: "1.0.0" },
      healthCheck: { intervalMs: 0 },
    });
    servers.push(server);
    expect(server.name).toBe(process.execPath);
    await server.start();
    expect(server.client).toBeInstanceOf(Client);
    expect(server.transport).toBeInstanceOf(StdioClientTransport);
    expect(server.client?.serverInfo).toEqual({ name: "mini", version: "1" });
    expect(await server.checkHealth()).toBe(true);
    expect(server.stats().pid).toBe((server.transport as StdioClientTransport).pid);
  });

  it("names pooled servers tenant/server and uses a custom client", async () => {
    let made = 0;
    const factory = stdioServerFactory({
      createClient: () => {
        made++;
        return new Client({ name: "custom", version: "2" });
      },
      healthCheck: false,
    });
    const server = factory({
      tenant: "acme",
      server: "mini",
      config: { command: process.execPath, args: ["-e", SERVER] },
    });
    servers.push(server);
    expect(server.name).toBe("acme/mini");
    await server.start();
    expect(made).toBe(1);
    await server.call((client) => client.ping());
  });
});
