// The API suite's load generator in a process of its own (forked by api.ts), so that the
// client's CPU neither counts as the platform's overhead nor competes for the API's event loop:
// a deployment's clients are elsewhere. It waits for `{ target, total, concurrency }` messages
// and answers each with the Figures of that many node:http keep-alive calls.
import type { Agent } from "node:http";
import { type ExecuteTarget, keepAliveAgent, postExecute } from "./http-post.js";
import { measure } from "./measure.js";

interface Job {
  target: ExecuteTarget;
  total: number;
  concurrency: number;
}

const agents = new Map<number, Agent>();

process.on("message", (job: Job) => {
  let agent = agents.get(job.concurrency);
  if (!agent) {
    agent = keepAliveAgent(job.concurrency);
    agents.set(job.concurrency, agent);
  }
  const used = agent;
  measure((i) => postExecute(used, job.target, i), job.total, job.concurrency).then(
    (figures) => process.send?.({ figures }),
    (error: unknown) => process.send?.({ error: String(error) }),
  );
});
process.on("disconnect", () => {
  for (const agent of agents.values()) agent.destroy();
});
