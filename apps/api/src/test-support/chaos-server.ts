import { resolve } from "node:path";

/**
 * The process manager's misbehaving test server (in tests/integration): its tools sleep, crash,
 * hang, write garbage, or answer with JSON nested as deep as asked.
 */
export const CHAOS_SERVER_PATH = resolve(
  import.meta.dirname,
  "../../../../tests/integration/test/manager/fixtures/chaos-server.mjs",
);

/**
 * The body of `POST /v1/mcp/servers` that registers the chaos server as the global server
 * `chaos`: for a platform admin, with `process.execPath` among the allowed commands. `marker` is
 * passed on to its processes, so a test can find its own in /proc.
 *
 * @example
 * await fixture.call("POST", "/v1/mcp/servers", { body: chaosServerBody("my-test") });
 */
export function chaosServerBody(marker: string) {
  return {
    global: true,
    slug: "chaos",
    name: "Chaos",
    transport: "stdio",
    command: process.execPath,
    args: [CHAOS_SERVER_PATH, marker],
  };
}
