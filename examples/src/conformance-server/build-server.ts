/**
 * The conformance fixture: exactly the tools, resources and prompts that the official suite
 * (@modelcontextprotocol/conformance 0.1.16) calls, with the payloads its scenario descriptions
 * ask for. Names and texts come from the suite's scenario sources.
 */
import { McpServer } from "@mcp/server-base";
import { z } from "zod";
import { RED_PIXEL_PNG, SILENT_WAV } from "./media.js";

/** Lets `test_reconnection` end its own SSE response mid-call (SSE polling, SEP-1699). */
export type CloseRequestStream = (sessionId: string | undefined, requestId: string | number) => boolean;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Builds the fixture server.
 *
 * @example
 * ```ts
 * const server = buildConformanceServer({ closeRequestStream: (s, r) => mcp.streamable.getSession(s ?? "")?.closeRequestStream(r) ?? false });
 * ```
 */
export function buildConformanceServer(options: { closeRequestStream: CloseRequestStream }): McpServer {
  const server = new McpServer(
    { name: "mcp-platform-conformance-fixture", version: "1.0.0" },
    { instructions: "Fixture server for the official MCP conformance suite." },
  );

  server.registerTool("test_simple_text", { description: "Returns a simple text response" }, async () => ({
    content: [{ type: "text", text: "This is a simple text response for testing." }],
  }));

  server.registerTool("test_image_content", { description: "Returns an image (1x1 red PNG)" }, async () => ({
    content: [{ type: "image", data: RED_PIXEL_PNG, mimeType: "image/png" }],
  }));

  server.registerTool("test_audio_content", { description: "Returns audio (a tiny WAV)" }, async () => ({
    content: [{ type: "audio", data: SILENT_WAV, mimeType: "audio/wav" }],
  }));

  server.registerTool(
    "test_embedded_resource",
    { description: "Returns an embedded resource" },
    async () => ({
      content: [
        {
          type: "resource",
          resource: {
            uri: "test://embedded-resource",
            mimeType: "text/plain",
            text: "This is an embedded resource content.",
          },
        },
      ],
    }),
  );

  server.registerTool(
    "test_multiple_content_types",
    { description: "Returns text, image and resource content" },
    async () => ({
      content: [
        { type: "text", text: "Multiple content types test:" },
        { type: "image", data: RED_PIXEL_PNG, mimeType: "image/png" },
        {
          type: "resource",
          resource: {
            uri: "test://mixed-content-resource",
            mimeType: "application/json",
            text: JSON.stringify({ test: "data", value: 123 }),
          },
        },
      ],
    }),
  );

  server.registerTool(
    "test_tool_with_logging",
    { description: "Sends three log messages while it runs" },
    async (_args, ctx) => {
      await ctx.log.info("Tool execution started");
      await sleep(50);
      await ctx.log.info("Tool processing data");
      await sleep(50);
      await ctx.log.info("Tool execution completed");
      return { content: [{ type: "text", text: "Tool with logging executed successfully" }] };
    },
  );

  server.registerTool("test_error_handling", { description: "Always fails" }, async () => {
    throw new Error("This tool intentionally returns an error for testing");
  });

  server.registerTool(
    "test_tool_with_progress",
    { description: "Reports progress 0, 50, 100 of 100" },
    async (_args, ctx) => {
      await ctx.reportProgress(0, 100);
      await sleep(50);
      await ctx.reportProgress(50, 100);
      await sleep(50);
      await ctx.reportProgress(100, 100);
      return { content: [{ type: "text", text: "Tool with progress executed successfully" }] };
    },
  );

  server.registerTool(
    "test_sampling",
    {
      description: "Asks the client's LLM to answer a prompt",
      inputSchema: z.object({ prompt: z.string().describe("The prompt to send to the LLM") }),
    },
    async ({ prompt }, ctx) => {
      const result = await ctx.createMessage({
        messages: [{ role: "user", content: { type: "text", text: prompt } }],
        maxTokens: 100,
      });
      const content = result.content as { type: string; text?: string };
      const text = content.type === "text" ? (content.text ?? "") : JSON.stringify(content);
      return { content: [{ type: "text", text: `LLM response: ${text}` }] };
    },
  );

  server.registerTool(
    "test_elicitation",
    {
      description: "Asks the user for a username and an email",
      inputSchema: z.object({ message: z.string().describe("The message to show the user") }),
    },
    async ({ message }, ctx) => {
      const result = await ctx.elicit({
        message,
        requestedSchema: {
          type: "object",
          properties: {
            username: { type: "string", description: "User's response" },
            email: { type: "string", description: "User's email address" },
          },
          required: ["username", "email"],
        },
      });
      return {
        content: [
          {
            type: "text",
            text: `User response: action=${result.action}, content=${JSON.stringify(result.content ?? {})}`,
          },
        ],
      };
    },
  );

  server.registerTool(
    "test_elicitation_sep1034_defaults",
    { description: "Elicitation with defaults for every primitive type (SEP-1034)" },
    async (_args, ctx) => {
      const result = await ctx.elicit({
        message: "Please review and update the form fields with defaults",
        requestedSchema: {
          type: "object",
          properties: {
            name: { type: "string", description: "User name", default: "John Doe" },
            age: { type: "integer", description: "User age", default: 30 },
            score: { type: "number", description: "User score", default: 95.5 },
            status: {
              type: "string",
              description: "User status",
              enum: ["active", "inactive", "pending"],
              default: "active",
            },
            verified: { type: "boolean", description: "Verification status", default: true },
          },
        },
      });
      return {
        content: [
          {
            type: "text",
            text: `Elicitation completed: action=${result.action}, content=${JSON.stringify(result.content ?? {})}`,
          },
        ],
      };
    },
  );

  server.registerTool(
    "test_elicitation_sep1330_enums",
    { description: "Elicitation with the five enum schema variants (SEP-1330)" },
    async (_args, ctx) => {
      const result = await ctx.elicit({
        message: "Please select options from the enum fields",
        requestedSchema: {
          type: "object",
          properties: {
            untitledSingle: {
              type: "string",
              description: "Select one option",
              enum: ["option1", "option2", "option3"],
            },
            titledSingle: {
              type: "string",
              description: "Select one option with titles",
              oneOf: [
                { const: "value1", title: "First Option" },
                { const: "value2", title: "Second Option" },
                { const: "value3", title: "Third Option" },
              ],
            },
            legacyEnum: {
              type: "string",
              description: "Select one option (legacy)",
              enum: ["opt1", "opt2", "opt3"],
              enumNames: ["Option One", "Option Two", "Option Three"],
            },
            untitledMulti: {
              type: "array",
              description: "Select multiple options",
              items: { type: "string", enum: ["option1", "option2", "option3"] },
            },
            titledMulti: {
              type: "array",
              description: "Select multiple options with titles",
              items: {
                anyOf: [
                  { const: "value1", title: "First Choice" },
                  { const: "value2", title: "Second Choice" },
                  { const: "value3", title: "Third Choice" },
                ],
              },
            },
          },
        },
      } as Parameters<typeof ctx.elicit>[0]);
      return {
        content: [
          {
            type: "text",
            text: `Elicitation completed: action=${result.action}, content=${JSON.stringify(result.content ?? {})}`,
          },
        ],
      };
    },
  );

  const address = z.object({ street: z.string(), city: z.string() }).meta({ id: "address" });
  server.registerTool(
    "json_schema_2020_12_tool",
    {
      description: "Tool with JSON Schema 2020-12 features",
      inputSchema: z.strictObject({ name: z.string().optional(), address: address.optional() }),
    },
    async (args) => ({ content: [{ type: "text", text: `Received: ${JSON.stringify(args)}` }] }),
  );

  server.registerTool(
    "test_reconnection",
    { description: "Closes its SSE stream mid-call, then answers (SSE polling, SEP-1699)" },
    async (_args, ctx) => {
      options.closeRequestStream(ctx.sessionId, ctx.requestId);
      // Long enough for the client to see the stream end and reconnect with Last-Event-ID.
      await sleep(100);
      return { content: [{ type: "text", text: "Reconnection test completed successfully" }] };
    },
  );

  server.registerResource(
    "static-text",
    "test://static-text",
    { title: "Static text", description: "A static text resource", mimeType: "text/plain" },
    async (uri) => ({
      contents: [
        {
          uri: uri.href,
          mimeType: "text/plain",
          text: "This is the content of the static text resource.",
        },
      ],
    }),
  );

  server.registerResource(
    "static-binary",
    "test://static-binary",
    { title: "Static binary", description: "A static binary resource (PNG)", mimeType: "image/png" },
    async (uri) => ({ contents: [{ uri: uri.href, mimeType: "image/png", blob: RED_PIXEL_PNG }] }),
  );

  server.registerResource(
    "watched-resource",
    "test://watched-resource",
    { title: "Watched", description: "A resource clients subscribe to", mimeType: "text/plain" },
    async (uri) => ({
      contents: [{ uri: uri.href, mimeType: "text/plain", text: "Watched resource content" }],
    }),
  );

  server.registerResourceTemplate(
    "template-data",
    "test://template/{id}/data",
    {
      title: "Template data",
      description: "A resource template with an id parameter",
      mimeType: "application/json",
    },
    async (uri, variables) => {
      const id = String(variables.id);
      return {
        contents: [
          {
            uri: uri.href,
            mimeType: "application/json",
            text: JSON.stringify({ id, templateTest: true, data: `Data for ID: ${id}` }),
          },
        ],
      };
    },
  );

  server.registerPrompt(
    "test_simple_prompt",
    { description: "A simple prompt without arguments" },
    async () => ({
      messages: [{ role: "user", content: { type: "text", text: "This is a simple prompt for testing." } }],
    }),
  );

  server.registerPrompt(
    "test_prompt_with_arguments",
    {
      description: "A prompt with two required arguments",
      argsSchema: z.object({
        arg1: z.string().describe("First test argument"),
        arg2: z.string().describe("Second test argument"),
      }),
      complete: {
        arg1: (value) => ["paris", "park", "party", "test", "testValue1"].filter((v) => v.startsWith(value)),
        arg2: (value) => ["world", "wonder"].filter((v) => v.startsWith(value)),
      },
    },
    async ({ arg1, arg2 }) => ({
      messages: [
        {
          role: "user",
          content: { type: "text", text: `Prompt with arguments: arg1='${arg1}', arg2='${arg2}'` },
        },
      ],
    }),
  );

  server.registerPrompt(
    "test_prompt_with_embedded_resource",
    {
      description: "A prompt that embeds a resource",
      argsSchema: z.object({ resourceUri: z.string().describe("URI of the resource to embed") }),
    },
    async ({ resourceUri }) => ({
      messages: [
        {
          role: "user",
          content: {
            type: "resource",
            resource: {
              uri: resourceUri,
              mimeType: "text/plain",
              text: "Embedded resource content for testing.",
            },
          },
        },
        { role: "user", content: { type: "text", text: "Please process the embedded resource above." } },
      ],
    }),
  );

  server.registerPrompt("test_prompt_with_image", { description: "A prompt with an image" }, async () => ({
    messages: [
      { role: "user", content: { type: "image", data: RED_PIXEL_PNG, mimeType: "image/png" } },
      { role: "user", content: { type: "text", text: "Please analyze the image above." } },
    ],
  }));

  return server;
}
