/**
 * The client under test for the official MCP conformance suite (client mode). The suite runs
 * `<command> <server url>` with the scenario name in `MCP_CONFORMANCE_SCENARIO` (and, for some
 * scenarios, JSON context in `MCP_CONFORMANCE_CONTEXT`); each scenario's server checks what the
 * client does. Exit code 0 when the scenario's steps completed.
 *
 *   MCP_CONFORMANCE_SCENARIO=tools_call tsx --conditions=@mcp/source src/conformance-client.ts http://127.0.0.1:3000/mcp
 */
import { Client, StreamableHttpClientTransport } from "@mcp/client";

type Scenario = (client: Client) => Promise<void>;

/** Arguments for the tools the scenarios' servers offer: numbers for numbers, text for strings. */
function sampleArguments(
  schema: { properties?: Record<string, unknown> } | undefined,
): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(schema?.properties ?? {})) {
    const type = (property as { type?: string }).type;
    args[name] = type === "number" || type === "integer" ? 2 : type === "boolean" ? true : "test";
  }
  return args;
}

async function callEveryTool(client: Client): Promise<void> {
  for (const tool of await client.listAllTools()) {
    const result = await client.callTool({ name: tool.name, arguments: sampleArguments(tool.inputSchema) });
    log(`${tool.name}: ${JSON.stringify(result.content)}`);
  }
}

function log(line: string): void {
  process.stderr.write(`[conformance-client] ${line}\n`);
}

const scenarios: Record<string, Scenario> = {
  // The handshake is the test (this server declares no capabilities, so nothing else is asked);
  // a ping shows the connection works after it.
  initialize: async (client) => {
    await client.ping();
  },
  // add_numbers(a, b): the server checks the call arrived with numbers.
  tools_call: callEveryTool,
  // The server elicits a form whose every field has a default; accepting with no content must
  // come back with the defaults applied (SEP-1034) — the Client does that for every handler.
  "elicitation-sep1034-client-defaults": callEveryTool,
  // The tool's SSE stream is closed after a priming event with `retry`; the Client must resume
  // with GET + Last-Event-ID after exactly that delay and receive the result there (SEP-1699).
  "sse-retry": callEveryTool,
};

async function main(): Promise<number> {
  const url = process.argv[2];
  const name = process.env.MCP_CONFORMANCE_SCENARIO ?? "";
  if (url === undefined) {
    log("usage: conformance-client <server url> (scenario in MCP_CONFORMANCE_SCENARIO)");
    return 2;
  }
  const scenario = scenarios[name];
  if (scenario === undefined) {
    // auth/* need an OAuth flow this client does not have; anything else is new to us.
    log(`scenario "${name}" is not supported by this client`);
    return 1;
  }
  const client = new Client({ name: "mcp-platform-conformance-client", version: "1.0.0" });
  client.onerror = (error) => log(`error: ${error.message}`);
  client.setElicitationHandler(async (params) => {
    log(`elicitation: ${params.message}`);
    // Accept with nothing filled in: the requested schema's defaults are applied by the Client.
    return { action: "accept", content: {} };
  });
  client.setSamplingHandler(async () => ({
    role: "assistant",
    model: "conformance-test-model",
    content: { type: "text", text: "This is a test response from the conformance client." },
  }));
  try {
    await client.connect(new StreamableHttpClientTransport(url));
    log(`connected to ${client.serverInfo?.name} (protocol ${client.protocolVersion})`);
    await scenario(client);
    return 0;
  } catch (error) {
    log(`failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await client.close();
  }
}

main().then((code) => {
  process.exitCode = code;
  // Idle HTTP keep-alive sockets must not hold the process open after the scenario.
  setTimeout(() => process.exit(code), 100).unref();
});
