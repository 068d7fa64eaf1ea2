/**
 * Public API of @mcp/server-filesystem: the sandbox, every filesystem operation as a plain
 * function (usable without MCP), and the MCP server built on @mcp/server-base.
 */

export type { FsContext } from "./context.js";
export { FsError, type FsErrorCode, isFsError } from "./errors.js";
export { compileAny, compileGlob, type EntryMatcher } from "./globs.js";
export { DEFAULT_LIMITS, type FsLimits } from "./limits.js";
export { mimeTypeOf } from "./mime.js";
export { type EditResult, editFile, type TextEdit } from "./ops/edit.js";
export { type GrepArgs, type GrepMatch, type GrepResult, grep } from "./ops/grep.js";
export {
  type DirectoryEntry,
  type DirectoryListing,
  type FileInfo,
  getFileInfo,
  listAllowedDirectories,
  listDirectory,
  listDirectoryWithSizes,
  type SizedEntry,
  type SizedListing,
} from "./ops/info.js";
export {
  type MediaFileResult,
  type MultipleFileResult,
  readFile,
  readMediaFile,
  readMultipleFiles,
  readTextFile,
  type TextFileResult,
} from "./ops/read.js";
export { type SearchResult, searchFiles } from "./ops/search.js";
export { directoryTree, type TreeNode, type TreeResult } from "./ops/tree.js";
export { createDirectory, deleteFile, moveFile, writeFile } from "./ops/write.js";
export { type PathInputOptions, parsePathInput } from "./path-input.js";
export { type RealLocation, resolveReal } from "./resolve-real.js";
export { type ResolvedEntry, type ResolvedExisting, Sandbox } from "./sandbox.js";
export { createFilesystemServer, type FilesystemServerOptions } from "./server.js";
export {
  type EntryKind,
  type Visitor,
  type WalkEntry,
  type WalkOptions,
  type WalkSummary,
  walk,
} from "./walk.js";

/** The package's version, kept in step with package.json by the build. */
export const VERSION = "0.0.0";
