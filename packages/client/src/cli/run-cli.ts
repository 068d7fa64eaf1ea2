/**
 * Runs one parsed `mcp` invocation: connect, do the command, print JSON, close. Returns the exit
 * code instead of exiting, so tests can drive it in-process and `cli.ts` stays a thin entry point.
 */
import { isLocalError, isProtocolError } from "@mcp/protocol/core";
import { Client } from "../client/client.js";
import { StdioClientTransport } from "../stdio/index.js";
import { connectHttp } from "../transports/connect-http.js";
import { isHttpError } from "../transports/http-error.js";
import { WebSocketClientTransport } from "../transports/websocket.js";
import { type CliInvocation, parseCliArgs, USAGE, UsageError } from "./parse-args.js";

/** Where the CLI writes. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

type RunInvocation = Extract<CliInvocation, { kind: "run" }>;

function parseJsonArgument(text: string | undefined, what: string): Record<string, unknown> {
  if (text === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(`${what} must be JSON, got ${text}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new UsageError(`${what} must be a JSON object`);
  }
  return value as Record<string, unknown>;
}

function describeError(error: unknown, stderrTail?: string): Record<string, unknown> {
  const out: Record<string, unknown> = { message: error instanceof Error ? error.message : String(error) };
  if (isProtocolError(error) || isLocalError(error)) {
    out.code = error.code;
    if (error.data !== undefined) out.data = error.data;
  } else if (isHttpError(error)) {
    out.status = error.status;
  }
  if (stderrTail) out.serverStderr = stderrTail;
  return out;
}

async function connect(client: Client, invocation: RunInvocation): Promise<() => string> {
  const { server, timeoutMs } = invocation;
  const options = timeoutMs === undefined ? {} : { timeoutMs };
  if (server.kind === "stdio") {
    const transport = new StdioClientTransport({
      command: server.command,
      args: server.args,
      env: server.env,
    });
    try {
      await client.connect(transport, options);
    } catch (error) {
      throw Object.assign(error as object, { stderrTail: transport.stderrTail });
    }
    return () => transport.stderrTail;
  }
  if (server.url.protocol === "ws:" || server.url.protocol === "wss:") {
    await client.connect(new WebSocketClientTransport(server.url), options);
  } else {
    await connectHttp(client, server.url, {
      ...options,
      streamableHttp: { headers: server.headers },
      sse: { headers: server.headers },
    });
  }
  return () => "";
}

async function execute(
  client: Client,
  invocation: RunInvocation,
): Promise<{ output: unknown; failed: boolean }> {
  const [first, second] = invocation.args;
  const options = invocation.timeoutMs === undefined ? {} : { timeoutMs: invocation.timeoutMs };
  switch (invocation.command) {
    case "tools":
      return { output: { tools: await client.listAllTools(options) }, failed: false };
    case "call": {
      const args = parseJsonArgument(second, "Tool arguments");
      // Listing first lets the client check structuredContent against the tool's outputSchema.
      await client.listAllTools(options);
      const result = await client.callTool({ name: first!, arguments: args }, options);
      return { output: result, failed: result.isError === true };
    }
    case "resources": {
      const resources = await client.listAllResources(options);
      const resourceTemplates = await client.listAllResourceTemplates(options);
      return { output: { resources, resourceTemplates }, failed: false };
    }
    case "read":
      return { output: await client.readResource({ uri: first! }, options), failed: false };
    case "prompts":
      return { output: { prompts: await client.listAllPrompts(options) }, failed: false };
    case "prompt": {
      const args = parseJsonArgument(second, "Prompt arguments") as Record<string, string>;
      return { output: await client.getPrompt({ name: first!, arguments: args }, options), failed: false };
    }
    case "ping": {
      const started = performance.now();
      await client.ping(options);
      return {
        output: { ok: true, ms: Math.round((performance.now() - started) * 100) / 100 },
        failed: false,
      };
    }
  }
}

/**
 * Runs the CLI with `argv` (the arguments after `mcp`) and returns the exit code: 0 success,
 * 1 error or a tool result with `isError`, 2 usage error.
 *
 * @example
 * ```ts
 * process.exitCode = await runCli(process.argv.slice(2), { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) });
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIo, version = "0.0.0"): Promise<number> {
  let invocation: CliInvocation;
  try {
    invocation = parseCliArgs(argv);
  } catch (error) {
    io.stderr(`${JSON.stringify({ error: { message: (error as Error).message } })}\n\n${USAGE}\n`);
    return 2;
  }
  if (invocation.kind === "help") {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  if (invocation.kind === "version") {
    io.stdout(`${version}\n`);
    return 0;
  }
  const client = new Client({ name: "mcp-cli", version });
  let stderrTail: () => string = () => "";
  try {
    stderrTail = await connect(client, invocation);
    const { output, failed } = await execute(client, invocation);
    io.stdout(`${JSON.stringify(output, null, 2)}\n`);
    return failed ? 1 : 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${JSON.stringify({ error: { message: error.message } })}\n`);
      return 2;
    }
    const tail = (error as { stderrTail?: string }).stderrTail ?? stderrTail();
    io.stderr(`${JSON.stringify({ error: describeError(error, tail) }, null, 2)}\n`);
    return 1;
  } finally {
    await client.close().catch(() => {});
  }
}
