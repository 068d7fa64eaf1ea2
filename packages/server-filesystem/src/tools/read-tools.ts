import { pathToFileURL } from "node:url";
import type { HandlerContext, McpServer } from "@mcp/server-base";
import { z } from "zod";
import type { FsContext } from "../context.js";
import { grep } from "../ops/grep.js";
import { getFileInfo, listAllowedDirectories, listDirectory, listDirectoryWithSizes } from "../ops/info.js";
import { readFile, readMediaFile, readMultipleFiles, readTextFile } from "../ops/read.js";
import { searchFiles } from "../ops/search.js";
import { directoryTree } from "../ops/tree.js";
import { READ_ONLY } from "./annotations.js";
import {
  FileInfoOutput,
  GrepOutput,
  ListingOutput,
  MultipleFilesOutput,
  SearchOutput,
  SizedListingOutput,
  TreeOutput,
} from "./schemas.js";

/** Gives each call the sandbox of its session. */
export type ContextFor = (ctx: HandlerContext) => Promise<FsContext>;

const path = z.string().describe("Absolute path, or relative to the first allowed directory");
const excludePatterns = z
  .array(z.string())
  .optional()
  .describe(
    "Globs to leave out with their subtrees; without '/' they match names (e.g. node_modules, *.log)",
  );
const text = (value: string) => ({ content: [{ type: "text" as const, text: value }] });

/** Registers the tools that only read. */
export function registerReadTools(server: McpServer, contextFor: ContextFor): void {
  server.registerTool(
    "read_file",
    {
      title: "Read file",
      description:
        "Read a whole text file (UTF-8). Files over the size cap are refused: use read_text_file with head or tail.",
      inputSchema: { path },
      annotations: READ_ONLY,
    },
    async (args, ctx) => text((await readFile(await contextFor(ctx), args.path)).content),
  );

  server.registerTool(
    "read_text_file",
    {
      title: "Read text file",
      description: "Read a text file, or only its first `head` or last `tail` lines (not both).",
      inputSchema: {
        path,
        head: z.number().int().min(0).optional().describe("Return only the first N lines"),
        tail: z.number().int().min(0).optional().describe("Return only the last N lines"),
      },
      annotations: READ_ONLY,
    },
    async (args, ctx) => text((await readTextFile(await contextFor(ctx), args)).content),
  );

  server.registerTool(
    "read_media_file",
    {
      title: "Read media file",
      description:
        "Read an image or audio file as base64 with its MIME type (image or audio content); other files come back as an embedded blob resource.",
      inputSchema: { path },
      annotations: READ_ONLY,
    },
    async (args, ctx) => {
      const media = await readMediaFile(await contextFor(ctx), args.path);
      if (media.kind === "blob") {
        const resource = { uri: pathToFileURL(media.path).href, mimeType: media.mimeType, blob: media.data };
        return { content: [{ type: "resource", resource }] };
      }
      return { content: [{ type: media.kind, data: media.data, mimeType: media.mimeType }] };
    },
  );

  server.registerTool(
    "read_multiple_files",
    {
      title: "Read multiple files",
      description:
        "Read several text files at once; a file that cannot be read carries its error, the others are still read.",
      inputSchema: { paths: z.array(path).min(1).describe("Files to read") },
      outputSchema: MultipleFilesOutput,
      annotations: READ_ONLY,
    },
    async (args, ctx) => ({ structuredContent: await readMultipleFiles(await contextFor(ctx), args.paths) }),
  );

  server.registerTool(
    "list_directory",
    {
      title: "List directory",
      description:
        "List a directory's entries in name order with their type (file, directory, symlink, other).",
      inputSchema: { path },
      outputSchema: ListingOutput,
      annotations: READ_ONLY,
    },
    async (args, ctx) => ({ structuredContent: await listDirectory(await contextFor(ctx), args.path) }),
  );

  server.registerTool(
    "list_directory_with_sizes",
    {
      title: "List directory with sizes",
      description:
        "List a directory with each entry's size and modification time, sorted by name or by size (largest first), with totals.",
      inputSchema: { path, sortBy: z.enum(["name", "size"]).optional().describe("Sort order; default name") },
      outputSchema: SizedListingOutput,
      annotations: READ_ONLY,
    },
    async (args, ctx) => ({ structuredContent: await listDirectoryWithSizes(await contextFor(ctx), args) }),
  );

  server.registerTool(
    "directory_tree",
    {
      title: "Directory tree",
      description:
        "The recursive tree of a directory as JSON: each node has name and type; directories always have children. Symlinks are leaves. Bounded by the entry cap.",
      inputSchema: { path, excludePatterns },
      outputSchema: TreeOutput,
      annotations: READ_ONLY,
    },
    async (args, ctx) => ({ structuredContent: await directoryTree(await contextFor(ctx), args) }),
  );

  server.registerTool(
    "search_files",
    {
      title: "Search files",
      description:
        "Find files and directories by glob: a pattern without '/' matches names at any depth (*.ts), one with '/' matches the path relative to `path` (src/**/*.ts). Symlinks are never entered.",
      inputSchema: { path, pattern: z.string().min(1).describe("Glob (picomatch syntax)"), excludePatterns },
      outputSchema: SearchOutput,
      annotations: READ_ONLY,
    },
    async (args, ctx) => ({ structuredContent: await searchFiles(await contextFor(ctx), args) }),
  );

  server.registerTool(
    "grep",
    {
      title: "Grep",
      description:
        "Search file contents with a JavaScript regular expression, line by line, with context lines and a match cap; honours .gitignore when asked. Binary and oversized files are skipped; a pattern that runs past the time budget is stopped (timedOut).",
      inputSchema: {
        path: path.describe("File or directory to search"),
        pattern: z.string().min(1).describe("JavaScript regular expression"),
        ignoreCase: z.boolean().optional(),
        include: z.string().optional().describe("Only files matching this glob (e.g. *.ts)"),
        excludePatterns,
        contextLines: z
          .number()
          .int()
          .min(0)
          .max(20)
          .optional()
          .describe("Lines of context around each match"),
        maxMatches: z.number().int().min(1).optional().describe("Stop after this many matches"),
        respectGitignore: z.boolean().optional().describe("Skip what .gitignore files exclude"),
      },
      outputSchema: GrepOutput,
      annotations: READ_ONLY,
    },
    async (args, ctx) => ({ structuredContent: await grep(await contextFor(ctx), args) }),
  );

  server.registerTool(
    "get_file_info",
    {
      title: "Get file info",
      description: "Size, type, times and permissions of a file or directory.",
      inputSchema: { path },
      outputSchema: FileInfoOutput,
      annotations: READ_ONLY,
    },
    async (args, ctx) => ({ structuredContent: await getFileInfo(await contextFor(ctx), args.path) }),
  );

  server.registerTool(
    "list_allowed_directories",
    {
      title: "List allowed directories",
      description:
        "The directories this server may access (real paths); the client's roots when it offers them.",
      outputSchema: { directories: z.array(z.string()) },
      annotations: READ_ONLY,
    },
    async (_args, ctx) => ({ structuredContent: listAllowedDirectories(await contextFor(ctx)) }),
  );
}
