/**
 * The conformance fixture server: `PORT=<n> pnpm conformance:server` serves it on 127.0.0.1 at
 * `/mcp` (Streamable HTTP; legacy SSE at `/sse`). `tooling/conformance/run-conformance.mjs` starts
 * it and runs the official suite against it.
 */
import { type RunningHttpServer, serveHttp } from "@mcp/server-base/http";
import { buildConformanceServer } from "./conformance-server/build-server.js";

const port = Number(process.env.PORT ?? 3000);
let running: RunningHttpServer | undefined;
const server = buildConformanceServer({
  closeRequestStream: (sessionId, requestId) =>
    sessionId === undefined
      ? false
      : (running?.mcp.streamable.getSession(sessionId)?.closeRequestStream(requestId) ?? false),
});
running = await serveHttp(server, { port, host: "127.0.0.1" });
console.error(`conformance fixture listening on ${running.url}`);

const stop = () => {
  void running?.close().then(() => process.exit(0));
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
