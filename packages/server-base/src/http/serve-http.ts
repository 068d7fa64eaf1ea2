/**
 * Node listener for the MCP Hono app, on `@hono/node-server`. `runServerCli --transport http`
 * calls it. Node-only (it opens a socket); the app itself stays runtime-neutral.
 */
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { isLoopbackHost, LOOPBACK_HOSTNAMES } from "./host-validation.js";
import { createMcpHttpApp, type McpHttpApp, type McpHttpAppOptions } from "./mcp-http-app.js";
import type { HttpServerSource } from "./streamable-http-handler.js";

/** Options of {@link serveHttp}: where to listen, plus every {@link McpHttpAppOptions} but `server`. */
export interface ServeHttpOptions extends Omit<McpHttpAppOptions, "server"> {
  /** TCP port; 0 picks a free one. Default 3000. */
  port?: number;
  /** Interface to bind. Default `"127.0.0.1"`. */
  host?: string;
  /** How long {@link RunningHttpServer.close} waits for connections to end before cutting them (ms). Default 2000. */
  closeTimeoutMs?: number;
}

/** A listening MCP HTTP server. */
export interface RunningHttpServer {
  /** The Streamable HTTP endpoint, e.g. `http://127.0.0.1:3000/mcp`. */
  url: URL;
  port: number;
  host: string;
  mcp: McpHttpApp;
  /** Closes every session, stops listening, and resolves when the socket is closed. */
  close(): Promise<void>;
}

/**
 * Serves MCP over HTTP on Node: Streamable HTTP at `/mcp` (and legacy SSE at `/sse`). Host/Origin
 * checks allow the loopback names for a loopback bind; give `allowedHosts` for other names.
 *
 * @example
 * ```ts
 * const running = await serveHttp(server, { port: 0 });
 * console.error(`MCP on ${running.url}`);
 * process.on("SIGTERM", () => void running.close());
 * ```
 */
export async function serveHttp(
  server: HttpServerSource,
  options: ServeHttpOptions = {},
): Promise<RunningHttpServer> {
  const host = options.host ?? "127.0.0.1";
  const allowedHosts =
    options.allowedHosts ??
    (isLoopbackHost(host) || host === "0.0.0.0" || host === "::"
      ? LOOPBACK_HOSTNAMES
      : [...LOOPBACK_HOSTNAMES, host.includes(":") ? `[${host}]` : host]);
  const mcp = createMcpHttpApp({ ...options, server, allowedHosts });
  const { httpServer, address } = await new Promise<{
    httpServer: ReturnType<typeof serve>;
    address: AddressInfo;
  }>((resolve, reject) => {
    const httpServer = serve({ fetch: mcp.app.fetch, port: options.port ?? 3000, hostname: host }, (info) =>
      resolve({ httpServer, address: info }),
    );
    httpServer.once("error", reject);
  });
  const urlHost = host.includes(":") ? `[${host}]` : host;
  const url = new URL(`http://${urlHost}:${address.port}${options.path ?? "/mcp"}`);
  let closing: Promise<void> | undefined;
  return {
    url,
    port: address.port,
    host,
    mcp,
    close() {
      closing ??= (async () => {
        // Ending the sessions first ends their SSE responses, so the sockets can drain.
        await mcp.close();
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            (httpServer as { closeAllConnections?: () => void }).closeAllConnections?.();
          }, options.closeTimeoutMs ?? 2000);
          timer.unref();
          httpServer.close(() => {
            clearTimeout(timer);
            resolve();
          });
          (httpServer as { closeIdleConnections?: () => void }).closeIdleConnections?.();
        });
      })();
      return closing;
    },
  };
}
