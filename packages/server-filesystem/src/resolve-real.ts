import { lstat, readlink, realpath } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { FsError, fromNodeError } from "./errors.js";

/** Where a path really leads: its real path, or where it would be created if it does not exist. */
export interface RealLocation {
  /** The real path (every symlink resolved), or for a missing path: its real parent + the rest. */
  real: string;
  /** Whether something exists at `real`. */
  exists: boolean;
  /** True when a dangling symlink was followed to get here (its target does not exist). */
  viaDanglingLink: boolean;
}

const MAX_LINK_HOPS = 40;

/**
 * Resolves `absolute` like `realpath`, but also for paths that do not exist yet: the deepest
 * existing ancestor is resolved and the missing rest appended, and dangling symlinks are followed
 * (as the kernel would when creating through them), so the caller can judge where a write would
 * really land. Loops and chains longer than 40 links fail with `SYMLINK_REFUSED`.
 *
 * @example
 * ```ts
 * await resolveReal("/srv/data/new/file.txt"); // { real: "/real/data/new/file.txt", exists: false, ... }
 * ```
 */
export async function resolveReal(absolute: string): Promise<RealLocation> {
  return resolveWithHops(absolute, { hops: 0 });
}

async function resolveWithHops(absolute: string, counter: { hops: number }): Promise<RealLocation> {
  try {
    return { real: await realpath(absolute), exists: true, viaDanglingLink: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw fromNodeError(error, absolute);
  }
  const parentPath = dirname(absolute);
  if (parentPath === absolute) throw new FsError("NOT_FOUND", `No such file or directory: ${absolute}`);
  let isLink = false;
  try {
    isLink = (await lstat(absolute)).isSymbolicLink();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw fromNodeError(error, absolute);
  }
  const parent = await resolveWithHops(parentPath, counter);
  if (!isLink) {
    return {
      real: join(parent.real, basename(absolute)),
      exists: false,
      viaDanglingLink: parent.viaDanglingLink,
    };
  }
  counter.hops += 1;
  if (counter.hops > MAX_LINK_HOPS) {
    throw new FsError("SYMLINK_REFUSED", `Too many levels of symbolic links: ${absolute}`);
  }
  const target = await readlink(join(parent.real, basename(absolute)));
  const next = await resolveWithHops(resolve(parent.real, target), counter);
  return { ...next, viaDanglingLink: true };
}
