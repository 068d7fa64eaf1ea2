// One POST /v1/mcp/execute over node:http with a keep-alive Agent: the load generator's request,
// shared by the in-process row of the api suite and the child process (load-generator.ts).
import { Agent, request } from "node:http";

/** Where and how to call; `agent` keeps up to `maxSockets` connections open between calls. */
export interface ExecuteTarget {
  url: string;
  headers: Record<string, string>;
}

/** A keep-alive agent with one socket per concurrent client (no queueing inside the agent). */
export const keepAliveAgent = (clients: number) => new Agent({ keepAlive: true, maxSockets: clients });

/**
 * Calls the calculator's `add` through the API and checks that the execution succeeded.
 *
 * @example
 * await postExecute(keepAliveAgent(1), target, 7);
 */
export function postExecute(agent: Agent, target: ExecuteTarget, i: number): Promise<void> {
  const body = JSON.stringify({ server_id: "calculator", tool: "add", arguments: { a: i, b: 1 } });
  return new Promise((resolve, reject) => {
    const req = request(
      target.url,
      {
        method: "POST",
        agent,
        headers: { ...target.headers, "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          text += chunk;
        });
        res.on("end", () => {
          const answer = JSON.parse(text) as { status?: string };
          if (answer.status === "succeeded") resolve();
          else reject(new Error(`execute failed (${res.statusCode}): ${text}`));
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}
