import { mkdir, writeFile as put, readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Client } from "@mcp/client";
import { type CallToolResult, createLinkedTransportPair, type Root } from "@mcp/protocol";
import type { McpServer } from "@mcp/server-base";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFilesystemServer, type FilesystemServerOptions } from "./server.js";
import { type Fixture, makeFixture } from "./test-support/fixture.js";

let fx: Fixture;
let server: McpServer;
let client: Client;

beforeEach(async () => {
  fx = await makeFixture();
});
afterEach(async () => {
  await client?.close();
  await server?.close();
  await fx.cleanup();
});

async function start(options: Partial<FilesystemServerOptions> = {}, roots?: Root[]): Promise<void> {
  server = await createFilesystemServer({ directories: [fx.allow], ...options });
  client = new Client({ name: "test", version: "1.0.0" }, { defaultTimeoutMs: 10_000 });
  if (roots) await client.setRoots(roots);
  const [clientSide, serverSide] = createLinkedTransportPair();
  await server.connect(serverSide);
  await client.connect(clientSide);
}

const call = (name: string, args: Record<string, unknown> = {}) =>
  client.callTool({ name, arguments: args }) as Promise<CallToolResult>;
const textOf = (result: CallToolResult) => (result.content[0] as { text: string }).text;

const WRITE_TOOLS = ["create_directory", "delete_file", "edit_file", "move_file", "write_file"];
const READ_TOOLS = [
  "directory_tree",
  "get_file_info",
  "grep",
  "list_allowed_directories",
  "list_directory",
  "list_directory_with_sizes",
  "read_file",
  "read_media_file",
  "read_multiple_files",
  "read_text_file",
  "search_files",
];

describe("createFilesystemServer", () => {
  it("lists every tool with annotations and JSON input schemas", async () => {
    await start();
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual([...READ_TOOLS, ...WRITE_TOOLS].sort());
    for (const tool of tools) {
      expect(tool.annotations?.readOnlyHint, tool.name).toBe(READ_TOOLS.includes(tool.name));
      expect(typeof tool.annotations?.destructiveHint, tool.name).toBe("boolean");
      expect(typeof tool.annotations?.idempotentHint, tool.name).toBe("boolean");
      expect(tool.annotations?.openWorldHint).toBe(false);
      expect(tool.inputSchema.type).toBe("object");
    }
    const tree = tools.find((tool) => tool.name === "directory_tree")!;
    expect(tree.outputSchema).toBeDefined();
    expect(tools.find((tool) => tool.name === "delete_file")!.annotations?.destructiveHint).toBe(true);
    expect(tools.find((tool) => tool.name === "create_directory")!.annotations?.destructiveHint).toBe(false);
  });

  it("--read-only does not even list the writing tools, and calling one fails", async () => {
    await start({ readOnly: true });
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(READ_TOOLS);
    await expect(call("write_file", { path: "x.txt", content: "x" })).rejects.toThrow(/Unknown tool/);
    await expect(readFile(join(fx.allow, "x.txt"))).rejects.toThrow();
  });

  it("reads, writes, edits and lists through MCP with structured results", async () => {
    await start();
    await client.listTools();
    expect(textOf(await call("read_file", { path: "a.txt" }))).toBe("hello\nworld\n");
    expect(textOf(await call("read_text_file", { path: "a.txt", tail: 1 }))).toBe("world");
    const written = await call("write_file", { path: "new.txt", content: "one\ntwo\n" });
    expect(written.structuredContent).toEqual({ path: join(fx.allow, "new.txt"), created: true, bytes: 8 });
    const edited = await call("edit_file", { path: "new.txt", edits: [{ oldText: "two", newText: "2" }] });
    expect((edited.structuredContent as { diff: string }).diff).toContain("+2");
    expect(await readFile(join(fx.allow, "new.txt"), "utf8")).toBe("one\n2\n");
    const listing = await call("list_directory", { path: fx.allow });
    expect((listing.structuredContent as { entries: unknown[] }).entries).toContainEqual({
      name: "new.txt",
      type: "file",
    });
    expect(JSON.parse(textOf(listing))).toEqual(listing.structuredContent);
    const tree = await call("directory_tree", { path: "sub" });
    expect(tree.structuredContent).toMatchObject({ entries: 3, truncated: false });
    const search = await call("search_files", { path: fx.allow, pattern: "*.md" });
    expect(search.structuredContent).toMatchObject({ matches: [join(fx.allow, "sub/b.md")] });
    const found = await call("grep", { path: fx.allow, pattern: "world", contextLines: 1 });
    expect(found.structuredContent).toMatchObject({ matches: [{ line: 2, before: ["hello"] }] });
    const info = await call("get_file_info", { path: "a.txt" });
    expect(info.structuredContent).toMatchObject({ type: "file", size: 12 });
    const sized = await call("list_directory_with_sizes", { path: "sub", sortBy: "size" });
    expect(sized.structuredContent).toMatchObject({ totalFiles: 1 });
    const multiple = await call("read_multiple_files", { paths: ["a.txt", "nope"] });
    expect((multiple.structuredContent as { files: unknown[] }).files).toHaveLength(2);
    expect((await call("create_directory", { path: "made/deep" })).structuredContent).toMatchObject({
      created: true,
    });
    expect((await call("move_file", { source: "new.txt", destination: "made/new.txt" })).isError).toBeFalsy();
    expect((await call("delete_file", { path: "made/new.txt" })).structuredContent).toMatchObject({
      kind: "file",
    });
  });

  it("returns media as image, audio or an embedded blob", async () => {
    await put(join(fx.allow, "i.png"), Buffer.from([1, 2, 3]));
    await put(join(fx.allow, "s.wav"), Buffer.from([4]));
    await put(join(fx.allow, "d.pdf"), Buffer.from([5]));
    await start();
    expect((await call("read_media_file", { path: "i.png" })).content[0]).toEqual({
      type: "image",
      data: "AQID",
      mimeType: "image/png",
    });
    expect((await call("read_media_file", { path: "s.wav" })).content[0]).toMatchObject({ type: "audio" });
    expect((await call("read_media_file", { path: "d.pdf" })).content[0]).toEqual({
      type: "resource",
      resource: {
        uri: pathToFileURL(join(fx.allow, "d.pdf")).href,
        mimeType: "application/pdf",
        blob: "BQ==",
      },
    });
  });

  it("refusals are tool errors naming the reason, and touch nothing outside", async () => {
    await start();
    const before = await fx.snapshotOutside();
    const refused = await call("read_file", { path: join(fx.allow, "link-out") });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(/symbolic link .* outside the allowed directories/);
    expect((await call("write_file", { path: join(fx.secret, "x"), content: "x" })).isError).toBe(true);
    expect((await call("read_file", { path: "../allow_secret/secret.txt" })).isError).toBe(true);
    expect(await fx.snapshotOutside()).toEqual(before);
  });

  it("applies configured limits", async () => {
    await start({ limits: { maxFileSize: 4 } });
    const result = await call("read_file", { path: "a.txt" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/over the 4-byte limit/);
  });

  it("uses the client's roots instead of the command-line directories, and follows roots/list_changed", async () => {
    await mkdir(join(fx.base, "other"));
    await put(join(fx.base, "other", "o.txt"), "other root");
    await start({}, [{ uri: pathToFileURL(join(fx.base, "other")).href, name: "other" }]);
    const allowed = await call("list_allowed_directories");
    expect(allowed.structuredContent).toEqual({ directories: [join(fx.base, "other")] });
    expect(textOf(await call("read_file", { path: join(fx.base, "other", "o.txt") }))).toBe("other root");
    expect((await call("read_file", { path: join(fx.allow, "a.txt") })).isError).toBe(true);

    await client.setRoots([
      { uri: pathToFileURL(fx.outside).href },
      { uri: "https://example.com/not-a-dir" },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const changed = await call("list_allowed_directories");
    expect(changed.structuredContent).toEqual({ directories: [fx.outside] });

    await client.setRoots([{ uri: pathToFileURL(join(fx.base, "missing")).href }]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const fallback = await call("list_allowed_directories");
    expect(fallback.structuredContent).toEqual({ directories: [fx.allow] });
  });

  it("keeps the command-line directories when told to ignore client roots", async () => {
    await start({ useClientRoots: false }, [{ uri: pathToFileURL(fx.outside).href }]);
    expect((await call("list_allowed_directories")).structuredContent).toEqual({ directories: [fx.allow] });
  });

  it("refuses to start with a directory that does not exist", async () => {
    await expect(createFilesystemServer({ directories: [join(fx.base, "missing")] })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(createFilesystemServer({ directories: [join(fx.allow, "a.txt")] })).rejects.toMatchObject({
      code: "NOT_A_DIRECTORY",
    });
  });
});
