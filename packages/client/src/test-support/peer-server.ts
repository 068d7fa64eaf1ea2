/**
 * A scripted MCP server for unit tests: a bare `JsonRpcPeer` that answers `initialize` with the
 * given capabilities and version and records what it received, so tests see exactly what the
 * client put on the wire.
 */
import {
  createLinkedTransportPair,
  type InitializeRequestParams,
  JsonRpcPeer,
  type ServerCapabilities,
  type Transport,
} from "@mcp/protocol/core";
import { Client } from "../client/client.js";
import type { ClientOptions } from "../client/client-types.js";

export interface PeerServerOptions {
  capabilities?: ServerCapabilities;
  protocolVersion?: string | ((requested: string) => string);
  instructions?: string;
}

export interface PeerServer {
  peer: JsonRpcPeer;
  /** Methods of requests and notifications received, in order. */
  received: string[];
  initializeParams: InitializeRequestParams | undefined;
  clientTransport: Transport;
}

export async function startPeerServer(options: PeerServerOptions = {}): Promise<PeerServer> {
  const [clientTransport, serverTransport] = createLinkedTransportPair();
  const peer = new JsonRpcPeer();
  const state: PeerServer = { peer, received: [], initializeParams: undefined, clientTransport };
  peer.setRequestHandler("initialize", async (params) => {
    state.initializeParams = params;
    const version =
      typeof options.protocolVersion === "function"
        ? options.protocolVersion(params.protocolVersion)
        : (options.protocolVersion ?? params.protocolVersion);
    return {
      protocolVersion: version,
      capabilities: options.capabilities ?? {},
      serverInfo: { name: "peer-server", version: "1.2.3" },
      ...(options.instructions === undefined ? {} : { instructions: options.instructions }),
    };
  });
  await peer.connect(serverTransport);
  const handler = serverTransport.onmessage;
  serverTransport.onmessage = (message, extra) => {
    if ("method" in message) state.received.push(message.method);
    handler?.(message, extra);
  };
  return state;
}

/** A server plus a connected client. */
export async function connectClient(
  serverOptions: PeerServerOptions = {},
  clientOptions: ClientOptions = {},
  beforeConnect?: (client: Client, server: PeerServer) => void,
): Promise<{ client: Client; server: PeerServer }> {
  const server = await startPeerServer(serverOptions);
  const client = new Client({ name: "test-client", version: "0.0.1" }, clientOptions);
  beforeConnect?.(client, server);
  await client.connect(server.clientTransport);
  return { client, server };
}
