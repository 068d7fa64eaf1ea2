import { createLinkedTransportPair, JsonRpcPeer } from "@mcp/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { createCalculatorServer } from "./calculator-server.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function connect(limits?: Parameters<typeof createCalculatorServer>[0]) {
  const server = createCalculatorServer(limits);
  const [clientSide, serverSide] = createLinkedTransportPair();
  await server.connect(serverSide);
  const client = new JsonRpcPeer();
  await client.connect(clientSide);
  await client.request("initialize", {
    protocolVersion: "2025-11-25",
    capabilities: {},
    clientInfo: { name: "t", version: "1" },
  });
  await client.notify("notifications/initialized");
  cleanups.push(() => server.close());
  return client;
}

describe("calculator server", () => {
  it("lists six read-only, idempotent, closed-world tools with an output schema", async () => {
    const client = await connect();
    const { tools } = await client.request("tools/list", {});
    expect(tools.map((tool) => tool.name)).toEqual([
      "add",
      "subtract",
      "multiply",
      "divide",
      "power",
      "evaluate",
    ]);
    for (const tool of tools) {
      expect(tool.annotations).toMatchObject({
        readOnlyHint: true,
        idempotentHint: true,
        openWorldHint: false,
      });
      expect(tool.outputSchema).toMatchObject({
        properties: { result: { type: "number" } },
        required: ["result"],
      });
    }
  });

  it.each([
    ["add", { a: 2, b: 3 }, 5],
    ["subtract", { a: 2, b: 3 }, -1],
    ["multiply", { a: 2.5, b: 4 }, 10],
    ["divide", { a: 1, b: 4 }, 0.25],
    ["power", { base: 2, exponent: 10 }, 1024],
    ["evaluate", { expression: "2 * (3 + 4) ^ 2 - sqrt(16)" }, 94],
  ])("%s(%j) = %d with text mirror", async (name, args, expected) => {
    const client = await connect();
    const result = await client.request("tools/call", { name, arguments: args });
    expect(result).toEqual({
      content: [{ type: "text", text: JSON.stringify({ result: expected }) }],
      structuredContent: { result: expected },
    });
  });

  it.each([
    ["divide", { a: 1, b: 0 }, /Division by zero/],
    ["power", { base: 10, exponent: 1e6 }, /Exponent 1000000 is too large/],
    ["multiply", { a: 1e200, b: 1e200 }, /too large in magnitude/],
    ["evaluate", { expression: "9^9^9^9" }, /Exponent 387420489 is too large/],
    ["evaluate", { expression: "(".repeat(5000) }, /too long/],
    ["evaluate", { expression: "1 +* 2" }, /Unexpected "\*"/],
    ["evaluate", { expression: "eval('1')" }, /Unexpected character/],
    ["add", { a: "1", b: 2 }, /Invalid arguments for tool add/],
  ])("%s(%j) is an isError result", async (name, args, message) => {
    const client = await connect();
    const result = await client.request("tools/call", { name, arguments: args });
    expect(result.isError).toBe(true);
    expect(result.content[0]).toMatchObject({ type: "text", text: expect.stringMatching(message) });
  });

  it("applies custom limits", async () => {
    const client = await connect({ limits: { maxExponent: 3 } });
    const result = await client.request("tools/call", { name: "power", arguments: { base: 2, exponent: 4 } });
    expect(result.isError).toBe(true);
  });
});
