import { type ChildProcess, spawn } from "node:child_process";
import { StreamableHttpClientTransport } from "@mcp/client";
import { StdioClientTransport } from "@mcp/client/stdio";
import type { Tool } from "@mcp/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callTool, everythingBin, everythingClient, freePort } from "./everything-support.js";

// Tools whose result says what our client did: checked beyond "not an error".
function checkResult(tool: Tool, text: string, log: { sampling: number; elicitations: string[] }): void {
  switch (tool.name) {
    case "echo":
      expect(text).toContain("hello");
      break;
    case "get-sum":
      expect(text).toContain("2");
      break;
    case "trigger-sampling-request":
      expect(text).toContain("sampled answer");
      break;
    case "get-roots-list":
      expect(text).toContain("file:///tmp");
      break;
    case "trigger-elicitation-request":
      expect(log.elicitations).toContain("form");
      break;
    case "trigger-url-elicitation":
      expect(log.elicitations).toContain("url");
      break;
  }
}

async function everyTool(transport: StdioClientTransport | StreamableHttpClientTransport) {
  const { client, log } = everythingClient();
  await client.connect(transport);
  try {
    expect(client.serverInfo?.name).toContain("everything");
    await client.setLoggingLevel("error");
    const tools = await client.listAllTools();
    const called: string[] = [];
    for (const tool of tools) {
      const result = await callTool(client, tool);
      const text = JSON.stringify(result.content);
      expect(result.isError ?? false, `${tool.name}: ${text}`).toBe(false);
      checkResult(tool, text, log);
      called.push(tool.name);
    }
    // Structured output was validated against get-structured-content's outputSchema on the way.
    const structured = await client.callTool({
      name: "get-structured-content",
      arguments: { location: "Chicago" },
    });
    expect(structured.structuredContent).toMatchObject({ temperature: expect.any(Number) });
    // Resources, templates and prompts, all pages.
    const resources = await client.listAllResources();
    expect(resources.length).toBeGreaterThan(0);
    const first = resources[0]!;
    expect((await client.readResource({ uri: first.uri })).contents.length).toBeGreaterThan(0);
    expect((await client.listAllResourceTemplates()).length).toBeGreaterThan(0);
    const prompts = await client.listAllPrompts();
    expect(prompts.map((p) => p.name)).toContain("simple-prompt");
    expect((await client.getPrompt({ name: "simple-prompt" })).messages.length).toBeGreaterThan(0);
    return called;
  } finally {
    await client.close();
  }
}

describe("our client drives @modelcontextprotocol/server-everything", { timeout: 120_000 }, () => {
  it("over stdio: every tool it lists", async () => {
    const transport = new StdioClientTransport({ command: process.execPath, args: [everythingBin, "stdio"] });
    const called = await everyTool(transport);
    expect(called).toEqual(
      expect.arrayContaining([
        "echo",
        "get-sum",
        "get-structured-content",
        "trigger-sampling-request",
        "trigger-elicitation-request",
        "trigger-url-elicitation",
        "get-roots-list",
        "simulate-research-query",
        "trigger-long-running-operation",
      ]),
    );
    expect(transport.state).toBe("closed");
  });

  describe("over the SDK's Streamable HTTP server transport", () => {
    let server: ChildProcess | undefined;
    let url = "";

    beforeAll(async () => {
      const port = await freePort();
      url = `http://127.0.0.1:${port}/mcp`;
      server = spawn(process.execPath, [everythingBin, "streamableHttp"], {
        env: { ...process.env, PORT: String(port) },
        stdio: ["ignore", "ignore", "pipe"],
        detached: true,
      });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("server-everything did not start")), 30_000);
        server?.stderr?.on("data", (chunk: Buffer) => {
          if (chunk.toString().includes("listening on port")) {
            clearTimeout(timer);
            resolve();
          }
        });
        server?.once("exit", (code) => reject(new Error(`server-everything exited with ${code}`)));
      });
    });

    afterAll(async () => {
      const child = server;
      if (child?.pid === undefined || child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      process.kill(-child.pid, "SIGTERM");
      const timer = setTimeout(() => child.pid && process.kill(-child.pid, "SIGKILL"), 3_000);
      await exited;
      clearTimeout(timer);
    });

    it("every tool it lists", async () => {
      const transport = new StreamableHttpClientTransport(url);
      const called = await everyTool(transport);
      expect(called).toContain("simulate-research-query");
      expect(called).toContain("trigger-url-elicitation");
    });
  });
});
