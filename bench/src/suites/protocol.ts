// @mcp/protocol vs @modelcontextprotocol/sdk: decode + validate realistic messages, as each stack
// does it on receipt. Ours: JSON.parse, the envelope check (parseJSONRPCMessage, which dispatches
// on the members present), then the one schema of the method (parseRequestParams /
// parseNotificationParams / parseResult). The SDK: JSON.parse, JSONRPCMessageSchema.parse (a zod
// union), then the method's schema (CallToolRequestSchema, CallToolResultSchema, ...), as its
// transports and Protocol class do. Same messages, same process, rounds interleaved (ours, SDK,
// ours, ...); reported: the median ops/s of each, and the median of the per-round ratios
// ours / SDK (above 1: ours is faster), which a shared machine's changing load disturbs least.
//
// Since the compiled validators (issue #4), "ours" has two paths: the compiled one (what the peer
// and `@mcp/protocol/core` do: `validateRequestParams` / `validateResult` /
// `validateNotificationParams`, plain JS generated from the schemas, zod only as a fallback) and
// the zod one (the method's zod schema `.parse`, which `parse*` ran before). Both rows are timed
// against the SDK in the same interleaved rounds. Then import times, in fresh node processes, of
// the built `dist/core.js`, the built `dist/index.js` (root, with zod and every schema), the SDK's
// `types.js` and zod alone. Needs `pnpm build` of @mcp/protocol (import rows read dist/).
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  NOTIFICATION_METHODS,
  JSONRPCMessageSchema as OurMessageSchema,
  parseJSONRPCMessage,
  REQUEST_METHODS,
  validateNotificationParams,
  validateRequestParams,
  validateResult,
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

// The method of a response comes from the pending request, in both stacks. The compiled path
// answers synchronously here (every message is valid), as the peer sees it.
const ours: Record<Case, (text: string) => unknown> = {
  "tools/call request": (text) => {
    const message = parseJSONRPCMessage(JSON.parse(text)) as { method: string; params?: unknown };
    return validateRequestParams(message.method, message.params);
  },
  "tools/call result": (text) => {
    const message = parseJSONRPCMessage(JSON.parse(text)) as { result: unknown };
    return validateResult("tools/call", message.result);
  },
  "tools/list result (50 tools)": (text) => {
    const message = parseJSONRPCMessage(JSON.parse(text)) as { result: unknown };
    return validateResult("tools/list", message.result);
  },
  "notifications/progress": (text) => {
    const message = parseJSONRPCMessage(JSON.parse(text)) as { method: string; params?: unknown };
    return validateNotificationParams(message.method, message.params);
  },
};

// Our zod path: the envelope check, then the method's zod schema (what `parse*` did before).
const oursZod: Record<Case, (text: string) => unknown> = {
  "tools/call request": (text) => {
    const message = parseJSONRPCMessage(JSON.parse(text)) as { params?: unknown };
    return REQUEST_METHODS["tools/call"].params.parse(message.params);
  },
  "tools/call result": (text) => {
    const message = parseJSONRPCMessage(JSON.parse(text)) as { result: unknown };
    return REQUEST_METHODS["tools/call"].result.parse(message.result);
  },
  "tools/list result (50 tools)": (text) => {
    const message = parseJSONRPCMessage(JSON.parse(text)) as { result: unknown };
    return REQUEST_METHODS["tools/list"].result.parse(message.result);
  },
  "notifications/progress": (text) => {
    const message = parseJSONRPCMessage(JSON.parse(text)) as { params?: unknown };
    return NOTIFICATION_METHODS["notifications/progress"].params.parse(message.params);
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

// The validators alone: [compiled, our zod schema, the SDK's schema] on the parsed member (the
// SDK's request/notification schemas take the whole message, as its Protocol class uses them).
const validatorsOnly: Record<
  Case,
  [(v: unknown) => unknown, (v: unknown) => unknown, (v: unknown) => unknown]
> = {
  "tools/call request": [
    (v) => validateRequestParams("tools/call", v),
    (v) => REQUEST_METHODS["tools/call"].params.parse(v),
    (v) => CallToolRequestSchema.parse(v),
  ],
  "tools/call result": [
    (v) => validateResult("tools/call", v),
    (v) => REQUEST_METHODS["tools/call"].result.parse(v),
    (v) => CallToolResultSchema.parse(v),
  ],
  "tools/list result (50 tools)": [
    (v) => validateResult("tools/list", v),
    (v) => REQUEST_METHODS["tools/list"].result.parse(v),
    (v) => ListToolsResultSchema.parse(v),
  ],
  "notifications/progress": [
    (v) => validateNotificationParams("notifications/progress", v),
    (v) => NOTIFICATION_METHODS["notifications/progress"].params.parse(v),
    (v) => ProgressNotificationSchema.parse(v),
  ],
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

/**
 * Interleaved rounds of `compiled`, `zod` and `sdk` on `text`: medians of each, and the medians of
 * the per-round ratios compiled / zod and compiled / sdk.
 */
function compare3(
  compiled: (text: string) => unknown,
  zod: (text: string) => unknown,
  sdkFn: (text: string) => unknown,
  text: string,
) {
  for (const fn of [compiled, zod, sdkFn]) measure(fn, text, 100);
  const ops: [number[], number[], number[]] = [[], [], []];
  for (let round = 0; round < ROUNDS; round++) {
    ops[0].push(measure(compiled, text, ROUND_MS));
    ops[1].push(measure(zod, text, ROUND_MS));
    ops[2].push(measure(sdkFn, text, ROUND_MS));
  }
  const ratio = (other: number[]) => median(ops[0].map((o, round) => o / (other[round] as number)));
  return `${format(median(ops[0]))} | ${format(median(ops[1]))} | ${format(median(ops[2]))} | ${ratio(ops[1]).toFixed(2)}× | ${ratio(ops[2]).toFixed(2)}×`;
}

const IMPORT_RUNS = Number(process.env.BENCH_IMPORT_RUNS ?? 15);

function importRows(): string {
  // The built dist/ by path: this suite runs under the @mcp/source condition, but import time
  // must be measured on what users install.
  const dist = (file: string) => new URL(`../../../packages/protocol/dist/${file}`, import.meta.url).href;
  const modules: [string, string][] = [
    ["@mcp/protocol/core (dist/core.js)", dist("core.js")],
    ["@mcp/protocol (dist/index.js)", dist("index.js")],
    ["@modelcontextprotocol/sdk/types.js", import.meta.resolve("@modelcontextprotocol/sdk/types.js")],
    ["zod alone", import.meta.resolve("zod")],
    // What any first import costs in a fresh process (the ESM loader starting up).
    ["an empty module (baseline)", "data:text/javascript,export const x = 1;"],
  ];
  for (const [, url] of modules.slice(0, 2)) {
    if (!existsSync(fileURLToPath(url))) {
      throw new Error(`${url} is missing: run \`pnpm build\` before the protocol benchmark`);
    }
  }
  // Interleaved: one run of each per pass, so load changes hit all alike.
  const times = new Map<string, number[]>(modules.map(([label]) => [label, []]));
  for (let run = 0; run < IMPORT_RUNS; run++) {
    for (const [label, url] of modules) {
      times.get(label)?.push(importTimesOnce(url));
    }
  }
  const sdkMs = median(times.get(modules[2]![0]) ?? []);
  return modules
    .map(([label]) => {
      const ms = median(times.get(label) ?? []);
      return `| ${label} | ${ms.toFixed(1)} | ${(ms / sdkMs).toFixed(2)} |`;
    })
    .join("\n");
}

/** Milliseconds to import `module` in a fresh node process. */
function importTimesOnce(module: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(module)}); process.stdout.write(String(performance.now() - t));`;
  return Number(execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" }));
}

export async function run(): Promise<void> {
  // Every path must accept every message before anything is timed; the compiled one on its fast
  // path (a synchronous answer, not a promise of the zod fallback).
  for (const key of Object.keys(messages) as Case[]) {
    if (ours[key](messages[key]) instanceof Promise) throw new Error(`${key}: compiled path not taken`);
    oursZod[key](messages[key]);
    sdk[key](messages[key]);
  }
  process.stdout.write(
    `Node ${process.version}, ${ROUNDS} interleaved rounds of ~${ROUND_MS} ms per row\n\n`,
  );
  process.stdout.write(
    "| message | ours compiled (median ops/s) | ours zod (median ops/s) | sdk (median ops/s) | compiled / zod | compiled / sdk |\n|---|---:|---:|---:|---:|---:|\n",
  );
  for (const key of Object.keys(messages) as Case[]) {
    process.stdout.write(`| ${key} | ${compare3(ours[key], oursZod[key], sdk[key], messages[key])} |\n`);
  }
  // The same, without JSON.parse and the envelope: the validators alone on the parsed member.
  process.stdout.write(
    "\nValidation alone (params / result already parsed), same three paths:\n\n| message | ours compiled (median ops/s) | ours zod (median ops/s) | sdk (median ops/s) | compiled / zod | compiled / sdk |\n|---|---:|---:|---:|---:|---:|\n",
  );
  for (const key of Object.keys(messages) as Case[]) {
    const parsed = JSON.parse(messages[key]) as Record<string, unknown>;
    const member = "params" in parsed ? parsed.params : parsed.result;
    const [compiledFn, zodFn, sdkFn] = validatorsOnly[key];
    process.stdout.write(
      `| ${key} | ${compare3(
        () => compiledFn(member),
        () => zodFn(member),
        () => sdkFn(key === "tools/call result" || key.startsWith("tools/list") ? member : parsed),
        "",
      )} |\n`,
    );
  }
  process.stdout.write(
    "\nEnvelope only, on the tools/call request, against the SDK's JSONRPCMessageSchema:\n\n| ours | ours (ops/s) | sdk (ops/s) | ours / sdk |\n|---|---:|---:|---:|\n",
  );
  const text = messages["tools/call request"];
  for (const [label, fn] of Object.entries(envelope)) {
    process.stdout.write(`| ${label} | ${compare(fn, sdkEnvelope, text)} |\n`);
  }
  process.stdout.write(
    `\nImport time, fresh node process each, ${IMPORT_RUNS} interleaved runs (median ms):\n\n| module | ms | vs sdk types.js |\n|---|---:|---:|\n${importRows()}\n`,
  );
  if (sink === undefined) process.stdout.write("");
}
