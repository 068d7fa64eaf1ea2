import type { Stats } from "node:fs";
import { type FileHandle, lstat, readlink, realpath, stat } from "node:fs/promises";
import { basename, dirname, join, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { FsError, fromNodeError } from "./errors.js";
import { parsePathInput } from "./path-input.js";
import { type RealLocation, resolveReal } from "./resolve-real.js";

/** An existing path inside the sandbox, with its stats (symlinks followed). */
export interface ResolvedExisting {
  /** The absolute path as the caller gave it (normalised). */
  path: string;
  /** Its real path, inside an allowed root. */
  real: string;
  stats: Stats;
}

/** A directory entry itself (the final component not followed): for delete and move. */
export interface ResolvedEntry {
  path: string;
  /** Real parent directory + the entry's own name. */
  entry: string;
  /** `lstat` of the entry: a symlink stays a symlink. */
  stats: Stats;
}

/**
 * The set of allowed directories and every check that keeps operations inside them. Roots are
 * held as real paths; a path is accepted only when its real path equals a root or starts with
 * `root + separator`, so `/x/allow` never admits `/x/allow_secret`.
 *
 * @example
 * ```ts
 * const sandbox = await Sandbox.create(["/srv/data"]);
 * const file = await sandbox.resolveExisting("/srv/data/a.txt");
 * ```
 */
export class Sandbox {
  readonly roots: readonly string[];
  /** The roots as they were given (maybe through symlinks); only used to word refusals. */
  private readonly aliases: readonly string[];

  /** Takes roots that are already real paths; use {@link Sandbox.create} for user input. */
  constructor(realRoots: readonly string[], aliases: readonly string[] = []) {
    this.roots = Object.freeze([...new Set(realRoots)]);
    this.aliases = [...this.roots, ...aliases];
  }

  /**
   * Resolves each directory (`~`, `file://` URIs, symlinks) to its real path. A directory that
   * does not exist or is not a directory throws, unless `skipInvalid` is set (client roots).
   */
  static async create(
    directories: readonly string[],
    options: { skipInvalid?: boolean } = {},
  ): Promise<Sandbox> {
    const roots: string[] = [];
    const aliases: string[] = [];
    for (const directory of directories) {
      try {
        const { absolute, real } = await resolveRoot(directory);
        roots.push(real);
        aliases.push(absolute);
      } catch (error) {
        if (!options.skipInvalid) throw error;
      }
    }
    return new Sandbox(roots, aliases);
  }

  /** Whether a real path is one of the roots or lies under one. */
  contains(real: string): boolean {
    return this.roots.some(
      (root) => real === root || real.startsWith(root.endsWith(sep) ? root : root + sep),
    );
  }

  /** Validates a client's path and makes it absolute (relative paths start at the first root). */
  toAbsolute(raw: unknown): string {
    return parsePathInput(raw, { base: this.roots[0] ?? process.cwd() });
  }

  /** Resolves where a path really leads and refuses it unless that is inside a root. */
  async locate(raw: unknown): Promise<{ path: string; location: RealLocation }> {
    if (this.roots.length === 0) throw new FsError("OUTSIDE_ROOTS", "No allowed directories are configured");
    const path = this.toAbsolute(raw);
    const location = await resolveReal(path);
    this.assertInside(path, location);
    return { path, location };
  }

  /** An existing path inside the sandbox; `NOT_FOUND` otherwise. */
  async resolveExisting(raw: unknown): Promise<ResolvedExisting> {
    const { path, location } = await this.locate(raw);
    if (!location.exists) {
      if (location.viaDanglingLink) throw new FsError("NOT_FOUND", `Dangling symbolic link: ${path}`);
      // A name on disk that is not valid UTF-8 reaches clients with U+FFFD in it and cannot be
      // addressed back: say so rather than a bare "not found".
      if (path.includes("\uFFFD")) {
        throw new FsError(
          "INVALID_PATH",
          `No such file or directory: ${path} (it contains U+FFFD: names that are not valid UTF-8 cannot be addressed)`,
        );
      }
      throw new FsError("NOT_FOUND", `No such file or directory: ${path}`);
    }
    try {
      return { path, real: location.real, stats: await stat(location.real) };
    } catch (error) {
      throw fromNodeError(error, path);
    }
  }

  /** An existing directory inside the sandbox. */
  async resolveDirectory(raw: unknown): Promise<ResolvedExisting> {
    const resolved = await this.resolveExisting(raw);
    if (!resolved.stats.isDirectory())
      throw new FsError("NOT_A_DIRECTORY", `Not a directory: ${resolved.path}`);
    return resolved;
  }

  /** An existing regular file inside the sandbox. */
  async resolveFile(raw: unknown): Promise<ResolvedExisting> {
    const resolved = await this.resolveExisting(raw);
    if (!resolved.stats.isFile()) throw new FsError("NOT_A_FILE", `Not a regular file: ${resolved.path}`);
    return resolved;
  }

  /**
   * The entry itself, not what it points to: its parent is resolved and checked, and if the
   * entry is a symlink, its target must also be inside (a link leading out is refused even for
   * moving or deleting it, so no reply ever depends on what lies outside).
   */
  async resolveEntry(raw: unknown): Promise<ResolvedEntry> {
    if (this.roots.length === 0) throw new FsError("OUTSIDE_ROOTS", "No allowed directories are configured");
    const path = this.toAbsolute(raw);
    const parent = await resolveReal(dirname(path));
    const entry = join(parent.real, basename(path));
    this.assertInside(path, { real: entry, exists: parent.exists, viaDanglingLink: parent.viaDanglingLink });
    if (!parent.exists) throw new FsError("NOT_FOUND", `No such file or directory: ${path}`);
    let stats: Stats;
    try {
      stats = await lstat(entry);
    } catch (error) {
      throw fromNodeError(error, path);
    }
    if (stats.isSymbolicLink()) this.assertInside(path, await resolveReal(entry));
    return { path, entry, stats };
  }

  /**
   * Checks, after `open`, that the descriptor really refers to a file inside the sandbox: on
   * Linux through `/proc/self/fd`, elsewhere by comparing device and inode with the expected
   * path. This catches a directory swapped for a symlink between the check and the open.
   */
  async verifyOpened(handle: FileHandle, expectedReal: string): Promise<void> {
    let actual: string | undefined;
    try {
      actual = await readlink(`/proc/self/fd/${handle.fd}`);
    } catch {
      actual = undefined;
    }
    if (actual !== undefined) {
      if (!this.contains(actual)) {
        throw new FsError("SYMLINK_REFUSED", "The path changed to lead outside the allowed directories");
      }
      return;
    }
    /* v8 ignore next 5 -- only without /proc (macOS, BSD) */
    const [opened, expected] = await Promise.all([handle.stat(), lstat(expectedReal)]);
    if (
      opened.dev !== expected.dev ||
      opened.ino !== expected.ino ||
      !this.contains(await realpath(expectedReal))
    ) {
      throw new FsError("SYMLINK_REFUSED", "The path changed during the operation");
    }
  }

  private assertInside(path: string, location: RealLocation): void {
    if (this.contains(location.real)) return;
    if (location.viaDanglingLink) {
      throw new FsError(
        "SYMLINK_REFUSED",
        `A symbolic link in ${path} points outside the allowed directories`,
      );
    }
    if (location.real !== path && this.roots.length > 0) {
      const lexicallyInside = this.aliases.some((root) => path === root || path.startsWith(root + sep));
      if (lexicallyInside) {
        throw new FsError(
          "SYMLINK_REFUSED",
          `A symbolic link in ${path} leads outside the allowed directories`,
        );
      }
    }
    throw new FsError("OUTSIDE_ROOTS", `Access denied: ${path} is outside the allowed directories`);
  }
}

async function resolveRoot(directory: string): Promise<{ absolute: string; real: string }> {
  const raw = directory.startsWith("file://") ? fileURLToPath(directory) : directory;
  const absolute = parsePathInput(raw, { base: process.cwd() });
  let real: string;
  try {
    real = await realpath(absolute);
  } catch (error) {
    throw fromNodeError(error, absolute);
  }
  if (!(await stat(real)).isDirectory()) throw new FsError("NOT_A_DIRECTORY", `Not a directory: ${absolute}`);
  return { absolute, real };
}
