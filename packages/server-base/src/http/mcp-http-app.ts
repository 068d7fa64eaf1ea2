/**
 * The MCP endpoints mounted on a Hono app: Streamable HTTP at one path (default `/mcp`) and, for
 * old clients, the deprecated HTTP+SSE pair (`/sse`, `/messages`). A host application can mount
 * the returned app with `app.route("/", mcp.app)` or use the handlers directly.
 */
import { Hono } from "hono";
import { cors } from "hono/cors";
import { createOriginChecker } from "./host-validation.js";
import { createLegacySseHandler, type LegacySseHandler } from "./legacy-sse.js";
import {
  createStreamableHttpHandler,
  type StreamableHttpHandler,
  type StreamableHttpHandlerOptions,
} from "./streamable-http-handler.js";

/** Options of {@link createMcpHttpApp}. */
export interface McpHttpAppOptions extends StreamableHttpHandlerOptions {
  /** Path of the Streamable HTTP endpoint. Default `"/mcp"`. */
  path?: string;
  /**
   * The deprecated HTTP+SSE transport: `false` to leave it out, or its paths. Default on at
   * `/sse` and `/messages`.
   */
  legacySse?: false | { ssePath?: string; messagesPath?: string };
  /**
   * Answer CORS (preflight and headers) for the allowed origins, so browser clients on those
   * origins can call the endpoints and read `Mcp-Session-Id`. Default off.
   */
  cors?: boolean;
  /** Reads auth information from a request (e.g. a verified bearer token) for handlers' `ctx.authInfo`. */
  authenticate?: (request: Request) => unknown | Promise<unknown>;
}

/** A Hono app serving MCP, with its handlers. */
export interface McpHttpApp {
  app: Hono;
  streamable: StreamableHttpHandler;
  legacy: LegacySseHandler | undefined;
  /** Closes every session of both transports. */
  close(): Promise<void>;
}

/**
 * Builds a runtime-neutral Hono app serving MCP over Streamable HTTP (and legacy HTTP+SSE).
 *
 * @example
 * ```ts
 * const mcp = createMcpHttpApp({ server, path: "/mcp" });
 * export default { fetch: mcp.app.fetch }; // Bun, Deno, Workers; or serveHttp() on Node
 * ```
 */
export function createMcpHttpApp(options: McpHttpAppOptions): McpHttpApp {
  const app = new Hono();
  const streamable = createStreamableHttpHandler(options);
  const path = options.path ?? "/mcp";
  if (options.cors === true) {
    const originAllowed = createOriginChecker(options);
    app.use(
      "*",
      cors({
        origin: (origin) => (originAllowed(origin) ? origin : null),
        allowMethods: ["GET", "POST", "DELETE", "OPTIONS"],
        allowHeaders: [
          "content-type",
          "accept",
          "authorization",
          "mcp-session-id",
          "mcp-protocol-version",
          "last-event-id",
        ],
        exposeHeaders: ["mcp-session-id", "www-authenticate"],
        maxAge: 600,
      }),
    );
  }
  const authInfoOf = async (request: Request): Promise<{ authInfo?: unknown }> => {
    if (options.authenticate === undefined) return {};
    const authInfo = await options.authenticate(request);
    return authInfo === undefined ? {} : { authInfo };
  };
  app.all(path, async (c) => streamable.handle(c.req.raw, await authInfoOf(c.req.raw)));

  let legacy: LegacySseHandler | undefined;
  if (options.legacySse !== false) {
    const ssePath = options.legacySse?.ssePath ?? "/sse";
    const messagesPath = options.legacySse?.messagesPath ?? "/messages";
    legacy = createLegacySseHandler({ ...options, messagesPath });
    const handler = legacy;
    app.all(ssePath, (c) => handler.handleSse(c.req.raw));
    app.all(messagesPath, async (c) => handler.handleMessage(c.req.raw, await authInfoOf(c.req.raw)));
  }

  return {
    app,
    streamable,
    legacy,
    async close() {
      await Promise.all([streamable.close(), legacy?.close()]);
    },
  };
}
