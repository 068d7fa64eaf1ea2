import type { McpServer } from "@mcp/server-base";
import { z } from "zod";
import { editFile } from "../ops/edit.js";
import { createDirectory, deleteFile, moveFile, writeFile } from "../ops/write.js";
import { writes } from "./annotations.js";
import type { ContextFor } from "./read-tools.js";
import { EditOutput } from "./schemas.js";

const path = z.string().describe("Absolute path, or relative to the first allowed directory");

/** Registers the tools that change the disk (left out entirely in read-only mode). */
export function registerWriteTools(server: McpServer, contextFor: ContextFor): void {
  server.registerTool(
    "write_file",
    {
      title: "Write file",
      description:
        "Create a text file, or replace an existing one atomically (temporary file + rename). The parent directory must exist.",
      inputSchema: { path, content: z.string().describe("Full new content (UTF-8)") },
      outputSchema: { path: z.string(), created: z.boolean(), bytes: z.number() },
      annotations: writes({ destructive: true, idempotent: true }),
    },
    async (args, ctx) => ({ structuredContent: await writeFile(await contextFor(ctx), args) }),
  );

  server.registerTool(
    "edit_file",
    {
      title: "Edit file",
      description:
        "Exact text replacements applied in order; each oldText must occur exactly once unless replaceAll. Returns a unified diff; dryRun previews without writing.",
      inputSchema: {
        path,
        edits: z
          .array(
            z.object({
              oldText: z.string().describe("Text to find, exactly"),
              newText: z.string().describe("Replacement"),
              replaceAll: z.boolean().optional().describe("Replace every occurrence"),
            }),
          )
          .min(1),
        dryRun: z.boolean().optional().describe("Only return the diff"),
      },
      outputSchema: EditOutput,
      annotations: writes({ destructive: true, idempotent: false }),
    },
    async (args, ctx) => ({ structuredContent: await editFile(await contextFor(ctx), args) }),
  );

  server.registerTool(
    "create_directory",
    {
      title: "Create directory",
      description: "Create a directory and any missing parents; succeeds if it already exists.",
      inputSchema: { path },
      outputSchema: { path: z.string(), created: z.boolean() },
      annotations: writes({ destructive: false, idempotent: true }),
    },
    async (args, ctx) => ({ structuredContent: await createDirectory(await contextFor(ctx), args.path) }),
  );

  server.registerTool(
    "delete_file",
    {
      title: "Delete file",
      description:
        "Delete a file or a symlink (never its target). Directories only with directory: true, and only when empty.",
      inputSchema: { path, directory: z.boolean().optional().describe("Allow deleting an empty directory") },
      outputSchema: { path: z.string(), kind: z.enum(["file", "directory", "symlink"]) },
      annotations: writes({ destructive: true, idempotent: true }),
    },
    async (args, ctx) => ({ structuredContent: await deleteFile(await contextFor(ctx), args) }),
  );

  server.registerTool(
    "move_file",
    {
      title: "Move file",
      description: "Move or rename a file or directory; fails if the destination exists.",
      inputSchema: { source: path, destination: path },
      outputSchema: { source: z.string(), destination: z.string() },
      annotations: writes({ destructive: true, idempotent: false }),
    },
    async (args, ctx) => ({ structuredContent: await moveFile(await contextFor(ctx), args) }),
  );
}
