import type { JsonRpcPeer } from "@mcp/protocol";
import { McpServer, type ServerSession } from "@mcp/server-base";
import type { FsContext } from "./context.js";
import { DEFAULT_LIMITS, type FsLimits } from "./limits.js";
import { Sandbox } from "./sandbox.js";
import { SessionRoots } from "./session-roots.js";
import { registerReadTools } from "./tools/read-tools.js";
import { registerWriteTools } from "./tools/write-tools.js";

/** Options of {@link createFilesystemServer}. */
export interface FilesystemServerOptions {
  /** Allowed directories (resolved to real paths; each must exist). */
  directories: readonly string[];
  /** Register only the tools that read: the writing tools are not even listed. */
  readOnly?: boolean;
  /** Replace the directories by the client's roots when it offers them (default true). */
  useClientRoots?: boolean;
  /** Caps; unset ones keep {@link DEFAULT_LIMITS}. */
  limits?: Partial<FsLimits>;
  /** Server name and version sent in `initialize`. */
  name?: string;
  version?: string;
}

/**
 * Builds the filesystem MCP server: the read tools always, the write tools unless `readOnly`,
 * every path checked by the sandbox of the calling session.
 *
 * @example
 * ```ts
 * const server = await createFilesystemServer({ directories: ["/srv/data"], readOnly: true });
 * await server.connect(transport);
 * ```
 */
export async function createFilesystemServer(options: FilesystemServerOptions): Promise<McpServer> {
  const base = await Sandbox.create(options.directories);
  const limits: FsLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const roots = new SessionRoots(base, { useClientRoots: options.useClientRoots ?? true });
  const server = new McpServer(
    { name: options.name ?? "mcp-server-filesystem", version: options.version ?? "0.0.0" },
    {
      instructions:
        "Filesystem access confined to the allowed directories (list_allowed_directories). Paths may be absolute or relative to the first allowed directory; '..' segments are refused.",
    },
  );
  const contextFor = async (ctx: Parameters<typeof roots.sandboxFor>[0]): Promise<FsContext> => ({
    sandbox: await roots.sandboxFor(ctx),
    limits,
  });
  registerReadTools(server, contextFor);
  if (!options.readOnly) registerWriteTools(server, contextFor);

  // McpServer has no public hook for client notifications yet: listen for roots changes on the
  // session's peer (see docs/decisions.md).
  const connect = server.connect.bind(server);
  server.connect = async (...args: Parameters<McpServer["connect"]>): Promise<ServerSession> => {
    const session = await connect(...args);
    const peer = (session as unknown as { peer?: JsonRpcPeer }).peer;
    peer?.setNotificationHandler("notifications/roots/list_changed", () => roots.invalidate(session));
    return session;
  };
  return server;
}
