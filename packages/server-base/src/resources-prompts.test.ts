import { isProtocolError } from "@mcp/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { McpServer } from "./mcp-server.js";
import { connectClient } from "./test-support/pair.js";

const servers: McpServer[] = [];
function newServer(options?: ConstructorParameters<typeof McpServer>[1]): McpServer {
  const server = new McpServer({ name: "test-server", version: "1.0.0" }, options);
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function rejection(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isProtocolError(error)) return { code: error.code, message: error.message, data: error.data };
    throw error;
  }
  throw new Error("expected a rejection");
}

function withResources(server: McpServer) {
  const readme = server.registerResource(
    "readme",
    "docs://readme",
    { title: "Readme", mimeType: "text/markdown", size: 7 },
    (uri) => ({ contents: [{ uri: uri.href, mimeType: "text/markdown", text: "# Hello" }] }),
  );
  const users = server.registerResourceTemplate(
    "user",
    "users://{id}/profile{?fields}",
    {
      description: "A user",
      list: () => [{ uri: "users://1/profile", name: "user 1" }],
      complete: { id: (value) => ["1", "12", "2"].filter((id) => id.startsWith(value)) },
    },
    (uri, variables) => ({ contents: [{ uri: uri.href, text: JSON.stringify(variables) }] }),
  );
  return { readme, users };
}

describe("resources", () => {
  it("lists static resources, template listings and templates", async () => {
    const server = newServer();
    withResources(server);
    const { client } = await connectClient(server);
    expect(await client.request("resources/list", {})).toEqual({
      resources: [
        { uri: "docs://readme", name: "readme", title: "Readme", mimeType: "text/markdown", size: 7 },
        { uri: "users://1/profile", name: "user 1" },
      ],
    });
    expect(await client.request("resources/templates/list", {})).toEqual({
      resourceTemplates: [
        { uriTemplate: "users://{id}/profile{?fields}", name: "user", description: "A user" },
      ],
    });
  });

  it("reads static resources first, then the first matching template", async () => {
    const server = newServer();
    withResources(server);
    const { client } = await connectClient(server);
    expect(await client.request("resources/read", { uri: "docs://readme" })).toEqual({
      contents: [{ uri: "docs://readme", mimeType: "text/markdown", text: "# Hello" }],
    });
    const read = (await client.request("resources/read", { uri: "users://42/profile?fields=name" })) as {
      contents: { text: string }[];
    };
    expect(JSON.parse(read.contents[0]?.text ?? "")).toEqual({ id: "42", fields: "name" });
    expect(await rejection(client.request("resources/read", { uri: "nothing://here" }))).toMatchObject({
      code: -32002,
      data: { uri: "nothing://here" },
    });
  });

  it("sends updates to subscribed sessions only, until they unsubscribe", async () => {
    const server = newServer();
    withResources(server);
    const a = await connectClient(server);
    const b = await connectClient(server);
    await a.client.request("resources/subscribe", { uri: "docs://readme" });
    const updated = a.next("notifications/resources/updated");
    await server.notifyResourceUpdated("docs://readme");
    expect(await updated).toEqual({ uri: "docs://readme" });
    expect(b.notifications.some((n) => n.method === "notifications/resources/updated")).toBe(false);
    await a.client.request("resources/unsubscribe", { uri: "docs://readme" });
    await server.notifyResourceUpdated("docs://readme");
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(a.notifications.filter((n) => n.method === "notifications/resources/updated")).toHaveLength(1);
  });

  it("announces resource list changes and updates metadata", async () => {
    const server = newServer();
    const { readme, users } = withResources(server);
    const { client, next } = await connectClient(server);
    const changed = next("notifications/resources/list_changed");
    readme.update({ title: "Read me", read: (uri) => ({ contents: [{ uri: uri.href, text: "v2" }] }) });
    users.update({ title: "User", list: undefined });
    await changed;
    const { resources } = (await client.request("resources/list", {})) as { resources: { title?: string }[] };
    expect(resources).toEqual([
      { uri: "docs://readme", name: "readme", title: "Read me", mimeType: "text/markdown", size: 7 },
    ]);
    expect(await client.request("resources/read", { uri: "docs://readme" })).toEqual({
      contents: [{ uri: "docs://readme", text: "v2" }],
    });
    expect(() => server.registerResourceTemplate("bad", "x://{oops", {}, () => ({ contents: [] }))).toThrow(
      /Invalid URI template/,
    );
  });
});

describe("prompts and completions", () => {
  function withPrompt(server: McpServer) {
    return server.registerPrompt(
      "review",
      {
        title: "Code review",
        description: "Review code",
        argsSchema: { code: z.string().describe("the code"), style: z.string().optional() },
        complete: {
          style: (value, { arguments: args }) =>
            ["strict", "friendly", `for-${args.code ?? "?"}`].filter((s) => s.startsWith(value)),
        },
      },
      ({ code, style }) => ({
        messages: [{ role: "user", content: { type: "text", text: `Review (${style ?? "any"}): ${code}` } }],
      }),
    );
  }

  it("publishes arguments derived from the schema and renders messages", async () => {
    const server = newServer();
    withPrompt(server);
    const { client } = await connectClient(server);
    expect(await client.request("prompts/list", {})).toEqual({
      prompts: [
        {
          name: "review",
          title: "Code review",
          description: "Review code",
          arguments: [
            { name: "code", description: "the code", required: true },
            { name: "style", required: false },
          ],
        },
      ],
    });
    expect(await client.request("prompts/get", { name: "review", arguments: { code: "x=1" } })).toEqual({
      messages: [{ role: "user", content: { type: "text", text: "Review (any): x=1" } }],
    });
    expect(await rejection(client.request("prompts/get", { name: "review", arguments: {} }))).toMatchObject({
      code: -32602,
      message: expect.stringMatching(/Invalid arguments for prompt review: code:/),
    });
    expect(await rejection(client.request("prompts/get", { name: "nope" }))).toMatchObject({ code: -32602 });
  });

  it("completes prompt and template arguments, capped at 100", async () => {
    const server = newServer();
    withPrompt(server);
    withResources(server);
    server.registerResourceTemplate(
      "many",
      "many://{n}",
      { complete: { n: () => Array.from({ length: 150 }, (_, i) => String(i)) } },
      () => ({ contents: [] }),
    );
    const { client } = await connectClient(server);
    const init = await connectClient(server, { initialize: false });
    const caps = (await init.client.request("initialize", {
      protocolVersion: "2025-11-25",
      capabilities: {},
      clientInfo: { name: "c", version: "1" },
    })) as { capabilities: Record<string, unknown> };
    expect(caps.capabilities.completions).toEqual({});
    expect(
      await client.request("completion/complete", {
        ref: { type: "ref/prompt", name: "review" },
        argument: { name: "style", value: "f" },
        context: { arguments: { code: "x" } },
      }),
    ).toEqual({ completion: { values: ["friendly", "for-x"], total: 2, hasMore: false } });
    expect(
      await client.request("completion/complete", {
        ref: { type: "ref/resource", uri: "users://{id}/profile{?fields}" },
        argument: { name: "id", value: "1" },
      }),
    ).toEqual({ completion: { values: ["1", "12"], total: 2, hasMore: false } });
    const many = (await client.request("completion/complete", {
      ref: { type: "ref/resource", uri: "many://{n}" },
      argument: { name: "n", value: "" },
    })) as { completion: { values: string[]; total: number; hasMore: boolean } };
    expect(many.completion.values).toHaveLength(100);
    expect(many.completion).toMatchObject({ total: 150, hasMore: true });
    expect(
      await client.request("completion/complete", {
        ref: { type: "ref/prompt", name: "review" },
        argument: { name: "code", value: "" },
      }),
    ).toEqual({ completion: { values: [], hasMore: false } });
    expect(
      await rejection(
        client.request("completion/complete", {
          ref: { type: "ref/prompt", name: "x" },
          argument: { name: "a", value: "" },
        }),
      ),
    ).toMatchObject({ code: -32602 });
    expect(
      await rejection(
        client.request("completion/complete", {
          ref: { type: "ref/resource", uri: "x://" },
          argument: { name: "a", value: "" },
        }),
      ),
    ).toMatchObject({ code: -32602 });
  });

  it("announces prompt list changes", async () => {
    const server = newServer();
    const prompt = withPrompt(server);
    const { client, next } = await connectClient(server);
    const changed = next("notifications/prompts/list_changed");
    prompt.update({ description: "changed", handler: () => ({ messages: [] }) });
    await changed;
    expect(await client.request("prompts/get", { name: "review", arguments: { code: "x" } })).toEqual({
      messages: [],
    });
    const { prompts } = (await client.request("prompts/list", {})) as { prompts: { description: string }[] };
    expect(prompts[0]?.description).toBe("changed");
  });
});
