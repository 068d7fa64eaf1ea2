// @mcp/protocol vs @modelcontextprotocol/sdk: decode + validate realistic messages, as each stack
// does it on receipt. Ours: JSON.parse, the envelope check (parseJSONRPCMessage, which dispatches
// on the members present), then the one schema of the method (parseRequestParams /
// parseNotificationParams / parseResult). The SDK: JSON.parse, JSONRPCMessageSchema.parse (a zod
// union), then the method's schema (CallToolRequestSchema, CallToolResultSchema, ...), as its
// transports and Protocol class do. Same messages, same process, rounds interleaved (ours, SDK,
// ours, ...); reported: the median ops/s of each, and the median of the per-round ratios
// ours / SDK (above 1: ours is faster), which a shared machine's changing load disturbs least.
import {
  JSONRPCMessageSchema as OurMessageSchema,
  parseJSONRPCMessage,
  parseNotificationParams,
  parseRequestParams,
  parseResult,
} from "@mcp/protocol";
import {
  CallToolRequestSchema,
  CallToolResultSchema,
  JSONRPCMessageSchema,
  ListToolsResultSchema,
  ProgressNotificationSchema,
} from "@modelcontextprotocol/sdk/types.js";

export const name = "protocol: decode + validate (ours vs @modelcontextprotocol/sdk)";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 150);

function tool(i: number) {
  return {
    name: `tool_${i}`,
    title: `Tool ${i}`,
    description: `Does thing number ${i} with the given arguments and returns a summary.`,
    inputSchema: {
      type: "object",
      properties: {
        path: { type: "string", description: "Path to operate on" },
        limit: { type: "integer", minimum: 1, maximum: 1000 },
        recursive: { type: "boolean", default: false },
      },
      required: ["path"],
    },
    outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
    annotations: { readOnlyHint: i % 2 === 0, openWorldHint: false },
  };
}

const messages = {
  "tools/call request": JSON.stringify({
    jsonrpc: "2.0",
    id: 42,
    method: "tools/call",
    params: {
      name: "get_weather",
      arguments: { city: "Paris", units: "metric", days: 3 },
      _meta: { progressToken: "p-42" },
    },
  }),
  "tools/call result": JSON.stringify({
    jsonrpc: "2.0",
    id: 42,
    result: {
      content: [
        { type: "text", text: "Paris: 22°C, partly cloudy, humidity 65%." },
        { type: "resource_link", uri: "https://weather.example/paris", name: "paris-forecast" },
      ],
      structuredContent: { temperature: 22, conditions: "Partly cloudy", humidity: 65 },
      isError: false,
    },
  }),
  "tools/list result (50 tools)": JSON.stringify({
    jsonrpc: "2.0",
    id: 7,
    result: { tools: Array.from({ length: 50 }, (_, i) => tool(i)), nextCursor: "page-2" },
  }),
  "notifications/progress": JSON.stringify({
    jsonrpc: "2.0",
    method: "notifications/progress",
    params: { progressToken: "p-42", progress: 50, total: 100, message: "Halfway" },
  }),
};

type Case = keyof typeof messages;

// The method of a response comes from the pending request, in both stacks.
const ours: Record<Case, (text: string) => unknown> = {
  "tools/call request": (text) => {
    const message = parseJSONRPCMessage(JSON.parse(text)) as { method: string; params?: unknown };
    return parseRequestParams(message.method, message.params);
  },
  "tools/call result": (text) => {
    const message = parseJSONRPCMessage(JSON.parse(text)) as { result: unknown };
    return parseResult("tools/call", message.result);
  },
  "tools/list result (50 tools)": (text) => {
    const message = parseJSONRPCMessage(JSON.parse(text)) as { result: unknown };
    return parseResult("tools/list", message.result);
  },
  "notifications/progress": (text) => {
    const message = parseJSONRPCMessage(JSON.parse(text)) as { method: string; params?: unknown };
    return parseNotificationParams(message.method, message.params);
  },
};

const sdk: Record<Case, (text: string) => unknown> = {
  "tools/call request": (text) => CallToolRequestSchema.parse(JSONRPCMessageSchema.parse(JSON.parse(text))),
  "tools/call result": (text) => {
    const message = JSONRPCMessageSchema.parse(JSON.parse(text)) as { result: unknown };
    return CallToolResultSchema.parse(message.result);
  },
  "tools/list result (50 tools)": (text) => {
    const message = JSONRPCMessageSchema.parse(JSON.parse(text)) as { result: unknown };
    return ListToolsResultSchema.parse(message.result);
  },
  "notifications/progress": (text) =>
    ProgressNotificationSchema.parse(JSONRPCMessageSchema.parse(JSON.parse(text))),
};

// Extra rows: the envelope alone, to show what dispatching on members saves over a union parse.
const sdkEnvelope = (text: string) => JSONRPCMessageSchema.parse(JSON.parse(text));
const envelope: Record<string, (text: string) => unknown> = {
  parseJSONRPCMessage: (text) => parseJSONRPCMessage(JSON.parse(text)),
  "our JSONRPCMessageSchema (zod union)": (text) => OurMessageSchema.parse(JSON.parse(text)),
};

let sink: unknown;

/** Operations per second of `fn(text)` over about `ms` milliseconds. */
function measure(fn: (text: string) => unknown, text: string, ms: number): number {
  let iterations = 0;
  const deadline = process.hrtime.bigint() + BigInt(ms) * 1_000_000n;
  const start = process.hrtime.bigint();
  let now = start;
  while (now < deadline) {
    for (let i = 0; i < 64; i++) sink = fn(text);
    iterations += 64;
    now = process.hrtime.bigint();
  }
  return iterations / (Number(now - start) / 1e9);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const format = (ops: number) => Math.round(ops).toLocaleString("en-US");

/** Interleaved rounds of `a` and `b` on `text`: medians and the median of per-round ratios. */
function compare(a: (text: string) => unknown, b: (text: string) => unknown, text: string) {
  measure(a, text, 100);
  measure(b, text, 100);
  const opsA: number[] = [];
  const opsB: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    opsA.push(measure(a, text, ROUND_MS));
    opsB.push(measure(b, text, ROUND_MS));
  }
  const ratio = median(opsA.map((ops, round) => ops / (opsB[round] as number)));
  return `${format(median(opsA))} | ${format(median(opsB))} | ${ratio.toFixed(2)}×`;
}

export async function run(): Promise<void> {
  // Both stacks must accept every message before anything is timed.
  for (const key of Object.keys(messages) as Case[]) {
    ours[key](messages[key]);
    sdk[key](messages[key]);
  }
  process.stdout.write(
    `Node ${process.version}, ${ROUNDS} interleaved rounds of ~${ROUND_MS} ms per row\n\n`,
  );
  process.stdout.write(
    "| message | ours (median ops/s) | sdk (median ops/s) | ours / sdk (median of round ratios) |\n|---|---:|---:|---:|\n",
  );
  for (const key of Object.keys(messages) as Case[]) {
    process.stdout.write(`| ${key} | ${compare(ours[key], sdk[key], messages[key])} |\n`);
  }
  process.stdout.write(
    "\nEnvelope only, on the tools/call request, against the SDK's JSONRPCMessageSchema:\n\n| ours | ours (ops/s) | sdk (ops/s) | ours / sdk |\n|---|---:|---:|---:|\n",
  );
  const text = messages["tools/call request"];
  for (const [label, fn] of Object.entries(envelope)) {
    process.stdout.write(`| ${label} | ${compare(fn, sdkEnvelope, text)} |\n`);
  }
  if (sink === undefined) process.stdout.write("");
}
