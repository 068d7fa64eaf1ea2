import type { Dirent, Stats } from "node:fs";
import { lstat, readdir } from "node:fs/promises";
import { join } from "node:path";
import type { FsContext } from "../context.js";
import { fromNodeError } from "../errors.js";
import type { EntryKind } from "../walk.js";

/** One entry of a directory listing. */
export interface DirectoryEntry {
  name: string;
  type: EntryKind;
}

/** A directory listing, cut at `maxEntries`. */
export interface DirectoryListing {
  path: string;
  entries: DirectoryEntry[];
  /** True when the directory has more entries than were returned. */
  truncated: boolean;
}

function kindOf(entry: Dirent | Stats): EntryKind {
  if (entry.isFile()) return "file";
  if (entry.isDirectory()) return "directory";
  if (entry.isSymbolicLink()) return "symlink";
  return "other";
}

async function readSorted(
  context: FsContext,
  raw: unknown,
): Promise<{ path: string; real: string; dirents: Dirent[] }> {
  const directory = await context.sandbox.resolveDirectory(raw);
  let dirents: Dirent[];
  try {
    dirents = await readdir(directory.real, { withFileTypes: true });
  } catch (error) {
    throw fromNodeError(error, directory.path);
  }
  dirents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { path: directory.path, real: directory.real, dirents };
}

/**
 * Lists a directory's entries in name order. Symlinks are listed as `symlink` without following
 * them, so a listing never reveals anything about a link's target.
 *
 * @example
 * ```ts
 * const { entries } = await listDirectory(context, "/srv/data"); // [{ name: "a.txt", type: "file" }]
 * ```
 */
export async function listDirectory(context: FsContext, raw: unknown): Promise<DirectoryListing> {
  const { path, dirents } = await readSorted(context, raw);
  const max = context.limits.maxEntries;
  return {
    path,
    entries: dirents.slice(0, max).map((dirent) => ({ name: dirent.name, type: kindOf(dirent) })),
    truncated: dirents.length > max,
  };
}

/** An entry with its size (0 for directories) and modification time, of the entry itself: links are not followed. */
export interface SizedEntry extends DirectoryEntry {
  size: number;
  modified: string;
}

/** A listing with sizes and totals. */
export interface SizedListing {
  path: string;
  entries: SizedEntry[];
  truncated: boolean;
  totalFiles: number;
  totalDirectories: number;
  /** Sum of the listed files' sizes, in bytes. */
  totalSize: number;
}

/**
 * Lists a directory with each entry's size, sorted by name or by size (largest first, then name).
 *
 * @example
 * ```ts
 * const { entries, totalSize } = await listDirectoryWithSizes(context, { path: "/srv/data", sortBy: "size" });
 * ```
 */
export async function listDirectoryWithSizes(
  context: FsContext,
  args: { path: unknown; sortBy?: "name" | "size" },
): Promise<SizedListing> {
  const { path, real, dirents } = await readSorted(context, args.path);
  const max = context.limits.maxEntries;
  const entries = await Promise.all(
    dirents.slice(0, max).map(async (dirent): Promise<SizedEntry> => {
      try {
        const stats = await lstat(join(real, dirent.name));
        const type = kindOf(stats);
        // A directory's own st_size depends on the filesystem (4096 on ext4, entries on tmpfs): report 0.
        const size = type === "directory" ? 0 : stats.size;
        return { name: dirent.name, type, size, modified: stats.mtime.toISOString() };
      } catch {
        return { name: dirent.name, type: kindOf(dirent), size: 0, modified: new Date(0).toISOString() };
      }
    }),
  );
  if (args.sortBy === "size") entries.sort((a, b) => b.size - a.size || (a.name < b.name ? -1 : 1));
  const files = entries.filter((entry) => entry.type === "file");
  return {
    path,
    entries,
    truncated: dirents.length > max,
    totalFiles: files.length,
    totalDirectories: entries.filter((entry) => entry.type === "directory").length,
    totalSize: files.reduce((sum, entry) => sum + entry.size, 0),
  };
}

/** Metadata of a file or directory. */
export interface FileInfo {
  path: string;
  type: EntryKind;
  size: number;
  created: string;
  modified: string;
  accessed: string;
  /** Permission bits in octal, like `644`. */
  permissions: string;
  /** Whether the path given is itself a symlink (its target, inside the sandbox, is described). */
  isSymbolicLink: boolean;
}

/**
 * Describes a file or directory; a symlink inside the sandbox is described by its target.
 *
 * @example
 * ```ts
 * const info = await getFileInfo(context, "/srv/data/a.txt"); // { type: "file", size: 6, ... }
 * ```
 */
export async function getFileInfo(context: FsContext, raw: unknown): Promise<FileInfo> {
  const resolved = await context.sandbox.resolveExisting(raw);
  const own = await lstat(resolved.path).catch(() => undefined);
  const { stats } = resolved;
  return {
    path: resolved.path,
    type: kindOf(stats),
    size: stats.size,
    created: stats.birthtime.toISOString(),
    modified: stats.mtime.toISOString(),
    accessed: stats.atime.toISOString(),
    permissions: (stats.mode & 0o777).toString(8),
    isSymbolicLink: own?.isSymbolicLink() ?? false,
  };
}

/**
 * The allowed directories, as real paths.
 *
 * @example
 * ```ts
 * listAllowedDirectories(context); // { directories: ["/srv/data"] }
 * ```
 */
export function listAllowedDirectories(context: FsContext): { directories: string[] } {
  return { directories: [...context.sandbox.roots] };
}
