/**
 * Driving `@modelcontextprotocol/server-everything` (the official reference server) with our
 * client: a client that declares sampling, elicitation (form and URL) and roots so the server
 * registers every conditional tool, and arguments for each tool built from its input schema.
 */
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { Client } from "@mcp/client";
import type { CallToolResult, Tool } from "@mcp/protocol";

const require = createRequire(import.meta.url);

/** The server's entry script, run with `process.execPath` (never through npx at test time). */
export const everythingBin = join(
  dirname(require.resolve("@modelcontextprotocol/server-everything/package.json")),
  "dist",
  "index.js",
);

/** A port that was free a moment ago (the reference server cannot listen on port 0 and tell us). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0));
    });
  });
}

type JsonSchema = {
  type?: string;
  enum?: unknown[];
  default?: unknown;
  format?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema & { anyOf?: { const: string }[] };
  oneOf?: { const: string }[];
  minimum?: number;
};

/** A value that satisfies a (simple) JSON Schema: default, first enum member, or by type/format. */
export function sampleValue(schema: JsonSchema): unknown {
  if (schema.default !== undefined) return schema.default;
  if (schema.enum !== undefined) return schema.enum[0];
  if (schema.oneOf?.[0] !== undefined) return schema.oneOf[0].const;
  switch (schema.type) {
    case "number":
    case "integer":
      return schema.minimum ?? 1;
    case "boolean":
      return true;
    case "array": {
      const first = schema.items?.enum?.[0] ?? schema.items?.anyOf?.[0]?.const;
      return first === undefined ? [] : [first];
    }
    case "object":
      return {};
    default:
      if (schema.format === "email") return "ann@example.com";
      if (schema.format === "uri" || schema.format === "url") return "https://example.com/";
      if (schema.format === "date") return "2026-01-02";
      if (schema.format === "date-time") return "2026-01-02T03:04:05Z";
      return "hello";
  }
}

/** Arguments for every required property of a tool, plus per-tool choices that avoid the network. */
export function argumentsFor(tool: Tool): Record<string, unknown> {
  const overrides: Record<string, Record<string, unknown>> = {
    // The default fetches a URL from GitHub; a data URI keeps the test offline.
    "gzip-file-as-resource": { data: "data:text/plain;base64,aGVsbG8gd29ybGQ=", outputType: "resource" },
    "trigger-long-running-operation": { duration: 1, steps: 2 },
    "trigger-url-elicitation": { url: "https://example.com/authorize" },
  };
  const schema = tool.inputSchema as JsonSchema;
  const args: Record<string, unknown> = {};
  for (const name of schema.required ?? []) {
    const property = schema.properties?.[name];
    if (property !== undefined) args[name] = sampleValue(property);
  }
  return { ...args, ...overrides[tool.name] };
}

/** What the client's handlers saw. */
export interface HandlerLog {
  sampling: number;
  elicitations: string[];
}

/** A client declaring every client capability the reference server looks for. */
export function everythingClient(): { client: Client; log: HandlerLog } {
  const log: HandlerLog = { sampling: 0, elicitations: [] };
  const client = new Client(
    { name: "integration-everything", version: "1.0.0" },
    { defaultTimeoutMs: 30_000 },
  );
  client.setSamplingHandler(async () => {
    log.sampling++;
    return { role: "assistant", model: "test-model", content: { type: "text", text: "sampled answer" } };
  });
  client.setElicitationHandler(
    async (params) => {
      log.elicitations.push(params.mode === "url" ? "url" : "form");
      if (params.mode === "url") return { action: "accept" };
      const content: Record<string, string | number | boolean | string[]> = {};
      const schema = params.requestedSchema as JsonSchema;
      for (const name of schema.required ?? []) {
        const property = schema.properties?.[name];
        if (property !== undefined) content[name] = sampleValue(property) as string;
      }
      return { action: "accept", content };
    },
    { form: true, url: true },
  );
  void client.setRoots([{ uri: "file:///tmp", name: "tmp" }]);
  return { client, log };
}

/** Calls one tool the way its `execution.taskSupport` asks (a task when required). */
export async function callTool(client: Client, tool: Tool): Promise<CallToolResult> {
  const args = argumentsFor(tool);
  if (tool.execution?.taskSupport !== "required") {
    return client.callTool({ name: tool.name, arguments: args }, { timeoutMs: 30_000 });
  }
  const { task } = await client.callToolAsTask({ name: tool.name, arguments: args }, { ttl: 60_000 });
  for (let i = 0; i < 300; i++) {
    const state = await client.getTask(task.taskId);
    if (state.status === "completed" || state.status === "failed" || state.status === "cancelled") break;
    await new Promise((resolve) => setTimeout(resolve, state.pollInterval ?? 100));
  }
  return client.getTaskResult(task.taskId, { timeoutMs: 30_000 });
}
