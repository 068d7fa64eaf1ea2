import { constants } from "node:fs";
import { copyFile, link, mkdir, realpath, rename, rmdir, stat, unlink } from "node:fs/promises";
import { basename, dirname, join, relative, sep } from "node:path";
import type { FsContext } from "../context.js";
import { FsError, fromNodeError } from "../errors.js";
import { createExclusive, replaceAtomically } from "../safe-io.js";

function assertContentSize(context: FsContext, path: string, data: string): void {
  const bytes = Buffer.byteLength(data, "utf8");
  if (bytes > context.limits.maxFileSize) {
    throw new FsError(
      "TOO_LARGE",
      `Content for ${path} is ${bytes} bytes, over the ${context.limits.maxFileSize}-byte limit`,
    );
  }
}

/**
 * Writes a text file: a new file is created exclusively (`wx`), an existing one replaced through
 * a temporary file and an atomic rename (its mode kept). A symlink inside the sandbox is written
 * through to its target; one that leads or dangles outside is refused.
 *
 * @example
 * ```ts
 * await writeFile(context, { path: "/srv/data/a.txt", content: "hello\n" }); // { created: true, ... }
 * ```
 */
export async function writeFile(
  context: FsContext,
  args: { path: unknown; content: string },
): Promise<{ path: string; created: boolean; bytes: number }> {
  const { sandbox } = context;
  const { path, location } = await sandbox.locate(args.path);
  assertContentSize(context, path, args.content);
  const bytes = Buffer.byteLength(args.content, "utf8");
  if (location.exists) {
    const existing = await sandbox.resolveFile(args.path);
    await replaceAtomically(sandbox, {
      real: existing.real,
      shown: path,
      data: args.content,
      mode: existing.stats.mode & 0o7777,
      beforeOpen: context.beforeOpen,
    });
    return { path, created: false, bytes };
  }
  await createExclusive(sandbox, {
    real: location.real,
    shown: path,
    data: args.content,
    beforeOpen: context.beforeOpen,
  });
  return { path, created: true, bytes };
}

/**
 * Creates a directory and any missing parents, one level at a time, re-checking each level's
 * real path so a symlink planted on the way cannot lead the next `mkdir` outside. Succeeds if the
 * directory already exists.
 *
 * @example
 * ```ts
 * await createDirectory(context, "/srv/data/a/b/c"); // { created: true }
 * ```
 */
export async function createDirectory(
  context: FsContext,
  raw: unknown,
): Promise<{ path: string; created: boolean }> {
  const { sandbox } = context;
  const { path, location } = await sandbox.locate(raw);
  if (location.exists) {
    await sandbox.resolveDirectory(raw);
    return { path, created: false };
  }
  if (location.viaDanglingLink) throw new FsError("SYMLINK_REFUSED", `${path} is a dangling symbolic link`);
  // Find the deepest existing ancestor of the real target (inside, as the target is).
  const missing: string[] = [];
  let current = location.real;
  for (;;) {
    try {
      current = await realpath(current);
      break;
    } catch {
      missing.unshift(basename(current));
      current = dirname(current);
    }
  }
  for (const name of missing) {
    const next = join(current, name);
    try {
      await mkdir(next);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw fromNodeError(error, path);
    }
    current = await realpath(next);
    if (!sandbox.contains(current)) {
      throw new FsError(
        "SYMLINK_REFUSED",
        `A symbolic link appeared in ${path} leading outside the allowed directories`,
      );
    }
  }
  return { path, created: true };
}

/**
 * Deletes a file or a symlink (the link itself, never its target). A directory is deleted only
 * when `directory` is true and it is empty; an allowed root itself is never deleted.
 *
 * @example
 * ```ts
 * await deleteFile(context, { path: "/srv/data/old.txt" });
 * await deleteFile(context, { path: "/srv/data/empty-dir", directory: true });
 * ```
 */
export async function deleteFile(
  context: FsContext,
  args: { path: unknown; directory?: boolean },
): Promise<{ path: string; kind: "file" | "directory" | "symlink" }> {
  const { sandbox } = context;
  const { path, entry, stats } = await sandbox.resolveEntry(args.path);
  if (sandbox.roots.includes(entry))
    throw new FsError("INVALID_PATH", `Refusing to delete an allowed root: ${path}`);
  try {
    if (stats.isDirectory()) {
      if (!args.directory) {
        throw new FsError(
          "NOT_A_FILE",
          `${path} is a directory; pass directory: true to delete an empty directory`,
        );
      }
      await rmdir(entry);
      return { path, kind: "directory" };
    }
    await unlink(entry);
    return { path, kind: stats.isSymbolicLink() ? "symlink" : "file" };
  } catch (error) {
    throw fromNodeError(error, path);
  }
}

/**
 * Moves or renames a file, directory or symlink inside the sandbox; fails if the destination
 * exists. Files and links move by `link` + `unlink`, which cannot overwrite a destination that
 * appears meanwhile; directories by `rename`. Across devices a regular file is copied
 * exclusively and the source removed.
 *
 * @example
 * ```ts
 * await moveFile(context, { source: "/srv/data/a.txt", destination: "/srv/data/archive/a.txt" });
 * ```
 */
export async function moveFile(
  context: FsContext,
  args: { source: unknown; destination: unknown },
): Promise<{ source: string; destination: string }> {
  const { sandbox } = context;
  const source = await sandbox.resolveEntry(args.source);
  if (sandbox.roots.includes(source.entry))
    throw new FsError("INVALID_PATH", `Refusing to move an allowed root: ${source.path}`);
  const destination = await sandbox.locate(args.destination);
  const shown = destination.path;
  if (destination.location.exists || destination.location.viaDanglingLink) {
    throw new FsError("ALREADY_EXISTS", `Destination already exists: ${shown}`);
  }
  const target = destination.location.real;
  try {
    if (!(await stat(dirname(target))).isDirectory()) throw new Error("not a directory");
  } catch {
    throw new FsError("NOT_FOUND", `The parent directory of ${shown} does not exist`);
  }
  if (source.stats.isDirectory() && (target === source.entry || target.startsWith(source.entry + sep))) {
    throw new FsError(
      "INVALID_PATH",
      `Cannot move ${source.path} into itself (${relative(source.entry, target)})`,
    );
  }
  try {
    if (source.stats.isDirectory()) {
      await rename(source.entry, target);
    } else {
      try {
        await link(source.entry, target);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== "EXDEV" || !source.stats.isFile()) throw error;
        await copyFile(source.entry, target, constants.COPYFILE_EXCL);
      }
      await unlink(source.entry);
    }
  } catch (error) {
    throw fromNodeError(error, (error as NodeJS.ErrnoException).code === "EEXIST" ? shown : source.path);
  }
  return { source: source.path, destination: shown };
}
