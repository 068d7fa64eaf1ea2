// @mcp/protocol vs @modelcontextprotocol/sdk: decode + validate realistic messages, as each stack
// does it on receipt. Ours: JSON.parse, the envelope check (parseJSONRPCMessage, which dispatches
// on the members present), then the one schema of the method (parseRequestParams /
// parseNotificationParams / parseResult). The SDK: JSON.parse, JSONRPCMessageSchema.parse (a zod
// union), then the method's schema (CallToolRequestSchema, CallToolResultSchema, ...), as its
// transports and Protocol class do. Same messages, same process, interleaved rounds; the median
// of the rounds is reported, with the ratio ours / SDK (above 1: ours is faster).
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

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 250);

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
const envelope: Record<string, (text: string) => unknown> = {
  "ours parseJSONRPCMessage": (text) => parseJSONRPCMessage(JSON.parse(text)),
  "ours JSONRPCMessageSchema (zod union)": (text) => OurMessageSchema.parse(JSON.parse(text)),
  "sdk JSONRPCMessageSchema (zod union)": (text) => JSONRPCMessageSchema.parse(JSON.parse(text)),
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

export async function run(): Promise<void> {
  // Both stacks must accept every message before anything is timed.
  for (const key of Object.keys(messages) as Case[]) {
    ours[key](messages[key]);
    sdk[key](messages[key]);
  }
  process.stdout.write(
    `Node ${process.version}, ${ROUNDS} interleaved rounds of ~${ROUND_MS} ms per row, median ops/s\n\n`,
  );
  process.stdout.write("| message | ours (ops/s) | sdk (ops/s) | ours / sdk |\n|---|---:|---:|---:|\n");
  for (const key of Object.keys(messages) as Case[]) {
    const text = messages[key];
    measure(ours[key], text, 100);
    measure(sdk[key], text, 100);
    const a: number[] = [];
    const b: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      a.push(measure(ours[key], text, ROUND_MS));
      b.push(measure(sdk[key], text, ROUND_MS));
    }
    const ratio = median(a) / median(b);
    process.stdout.write(`| ${key} | ${format(median(a))} | ${format(median(b))} | ${ratio.toFixed(2)}× |\n`);
  }
  process.stdout.write("\nEnvelope only (tools/call request):\n\n| envelope check | ops/s |\n|---|---:|\n");
  const text = messages["tools/call request"];
  for (const [label, fn] of Object.entries(envelope)) {
    measure(fn, text, 100);
    const runs = Array.from({ length: ROUNDS }, () => measure(fn, text, ROUND_MS));
    process.stdout.write(`| ${label} | ${format(median(runs))} |\n`);
  }
  if (sink === undefined) process.stdout.write("");
}
