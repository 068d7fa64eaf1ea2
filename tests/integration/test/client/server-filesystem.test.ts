import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Client } from "@mcp/client";
import { StdioClientTransport } from "@mcp/client/stdio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The reference filesystem server: every tool declares an outputSchema, so every call below also
// checks that our client validates structuredContent against it.
const require = createRequire(import.meta.url);
const bin = join(
  dirname(require.resolve("@modelcontextprotocol/server-filesystem/package.json")),
  "dist",
  "index.js",
);

// A 1x1 transparent PNG.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=",
  "base64",
);

let root = "";
beforeAll(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), "client-fs-ref-")));
  writeFileSync(join(root, "notes.txt"), "alpha\nbeta\ngamma\n");
  writeFileSync(join(root, "pixel.png"), PNG);
  mkdirSync(join(root, "docs"));
  writeFileSync(join(root, "docs", "guide.md"), "# Guide\n");
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe("our client drives @modelcontextprotocol/server-filesystem over stdio", { timeout: 120_000 }, () => {
  it("calls every tool it lists, with structured output validated", async () => {
    const args: Record<string, Record<string, unknown>> = {
      read_file: { path: join(root, "notes.txt") },
      read_text_file: { path: join(root, "notes.txt"), head: 2 },
      read_media_file: { path: join(root, "pixel.png") },
      read_multiple_files: { paths: [join(root, "notes.txt"), join(root, "docs", "guide.md")] },
      write_file: { path: join(root, "written.txt"), content: "written by the client\n" },
      edit_file: { path: join(root, "notes.txt"), edits: [{ oldText: "beta", newText: "BETA" }] },
      create_directory: { path: join(root, "made", "deep") },
      list_directory: { path: root },
      list_directory_with_sizes: { path: root, sortBy: "size" },
      directory_tree: { path: root },
      move_file: { source: join(root, "written.txt"), destination: join(root, "made", "moved.txt") },
      search_files: { path: root, pattern: "**/*.md" },
      get_file_info: { path: join(root, "pixel.png") },
      list_allowed_directories: {},
    };
    const client = new Client({ name: "integration-filesystem", version: "1.0.0" });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [bin, root] }));
    try {
      const tools = await client.listAllTools();
      expect(tools.length).toBeGreaterThanOrEqual(14);
      const results: Record<string, string> = {};
      for (const tool of tools) {
        const toolArgs = args[tool.name];
        expect(toolArgs, `no arguments prepared for the new tool ${tool.name}`).toBeDefined();
        const result = await client.callTool({ name: tool.name, arguments: toolArgs });
        expect(result.isError ?? false, `${tool.name}: ${JSON.stringify(result.content)}`).toBe(false);
        if (tool.outputSchema !== undefined) expect(result.structuredContent).toBeDefined();
        results[tool.name] = JSON.stringify(result.content);
      }
      expect(results.read_text_file).toContain("alpha\\nbeta");
      expect(results.read_media_file).toContain("image/png");
      expect(results.search_files).toContain("guide.md");
      expect(results.list_allowed_directories).toContain(root);
      expect(readFileSync(join(root, "notes.txt"), "utf8")).toBe("alpha\nBETA\ngamma\n");
      expect(readFileSync(join(root, "made", "moved.txt"), "utf8")).toBe("written by the client\n");
      // Outside the allowed directory the server refuses, as a tool error our client returns.
      const outside = await client.callTool({ name: "read_text_file", arguments: { path: "/etc/hostname" } });
      expect(outside.isError).toBe(true);
    } finally {
      await client.close();
    }
  });
});
