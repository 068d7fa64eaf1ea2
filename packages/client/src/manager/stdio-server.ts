import type { Implementation } from "@mcp/protocol/core";
import { Client } from "../client/client.js";
import type { ClientOptions } from "../client/client-types.js";
import { StdioClientTransport, type StdioServerParameters } from "../stdio/stdio-client-transport.js";
import { ManagedServer, type ManagedServerOptions } from "./managed-server.js";
import type { PoolKey } from "./server-pool.js";

/** Options of {@link createStdioManagedServer}. */
export interface StdioManagedServerOptions
  extends Omit<ManagedServerOptions<Client>, "createTransport" | "createClient"> {
  /** How to start the server process. */
  server: StdioServerParameters;
  /** The client's name and version sent in `initialize`. Default `{ name: "mcp-process-manager", version: "0.0.0" }`. */
  clientInfo?: Implementation;
  /** Options of every {@link Client} made for this server (handlers, capabilities, timeouts). */
  clientOptions?: ClientOptions;
  /** Makes the client instead (e.g. to register sampling or roots handlers); overrides `clientInfo`/`clientOptions`. */
  createClient?: () => Client;
}

const DEFAULT_CLIENT_INFO: Implementation = { name: "mcp-process-manager", version: "0.0.0" };

/**
 * A {@link ManagedServer} for a stdio MCP server: each (re)start spawns a fresh process with a
 * {@link StdioClientTransport} and connects a fresh {@link Client}.
 *
 * @example
 * const server = createStdioManagedServer({ name: "calc", server: { command: "npx", args: ["@mcp/server-calculator"] } });
 * await server.start();
 * const result = await server.call((client, signal) => client.callTool({ name: "add", arguments: { a: 1, b: 2 } }, { signal }));
 * await server.stop();
 */
export function createStdioManagedServer(options: StdioManagedServerOptions): ManagedServer<Client> {
  const { server, clientInfo, clientOptions, createClient, ...managed } = options;
  return new ManagedServer<Client>({
    name: server.command,
    ...managed,
    createTransport: () => new StdioClientTransport(server),
    createClient: createClient ?? (() => new Client(clientInfo ?? DEFAULT_CLIENT_INFO, clientOptions)),
  });
}

/**
 * A `createServer` for {@link ServerPool} whose keys carry {@link StdioServerParameters} as their
 * configuration: every pooled server is a {@link createStdioManagedServer} named `tenant/server`.
 *
 * @example
 * const pool = new ServerPool<Client, StdioServerParameters>({ createServer: stdioServerFactory({ restart: { maxAttempts: 3 } }) });
 * await pool.use({ tenant: "acme", server: "calc", config: { command: "calc-server" } }, (client) => client.listAllTools());
 */
export function stdioServerFactory(
  defaults: Omit<StdioManagedServerOptions, "server" | "name"> = {},
): (key: PoolKey<StdioServerParameters>) => ManagedServer<Client> {
  return (key) =>
    createStdioManagedServer({ ...defaults, name: `${key.tenant}/${key.server}`, server: key.config });
}
