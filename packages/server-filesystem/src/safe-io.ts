import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { type FileHandle, open, readlink, realpath, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { FsError, fromNodeError } from "./errors.js";
import type { Sandbox } from "./sandbox.js";

// O_NOFOLLOW: the final component must not be a symlink, even one planted after our checks.
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;

/**
 * Opens a file already resolved inside the sandbox for reading, refusing a symlink planted at its
 * place since, and checks the open descriptor is still inside. The caller closes the handle.
 */
export async function openForRead(sandbox: Sandbox, real: string, shown: string): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    handle = await open(real, constants.O_RDONLY | NOFOLLOW);
  } catch (error) {
    throw fromNodeError(error, shown);
  }
  try {
    await sandbox.verifyOpened(handle, real);
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Test seam: runs between the last check and the open, to plant races in tests. */
export type RaceHook = (real: string) => Promise<void>;

/**
 * Creates a new file exclusively (`wx` + `O_NOFOLLOW`): if anything, including a symlink, appeared
 * at `real` since the checks, the open fails and nothing is written. If the descriptor turns out
 * to lead outside the sandbox (a parent directory swapped for a link), the empty file just created
 * is removed before anything is written.
 */
export async function createExclusive(
  sandbox: Sandbox,
  target: { real: string; shown: string; data: string | Uint8Array; mode?: number; beforeOpen?: RaceHook },
): Promise<void> {
  await target.beforeOpen?.(target.real);
  let handle: FileHandle;
  try {
    handle = await open(
      target.real,
      constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NOFOLLOW,
      target.mode ?? 0o666,
    );
  } catch (error) {
    throw fromNodeError(error, target.shown);
  }
  try {
    try {
      await sandbox.verifyOpened(handle, target.real);
    } catch (error) {
      const actual = await readlink(`/proc/self/fd/${handle.fd}`).catch(() => undefined);
      if (actual !== undefined) await unlink(actual).catch(() => undefined);
      throw error;
    }
    await handle.writeFile(target.data);
    if (target.mode !== undefined) await handle.chmod(target.mode);
  } finally {
    await handle.close();
  }
}

/**
 * Replaces an existing file atomically: the new content goes to a temporary file created
 * exclusively in the same directory, which is then renamed over the target, so a reader sees
 * either the old or the new file and a symlink at the target is replaced, never followed.
 * The directory is re-checked right before the rename.
 */
export async function replaceAtomically(
  sandbox: Sandbox,
  target: { real: string; shown: string; data: string | Uint8Array; mode?: number; beforeOpen?: RaceHook },
): Promise<void> {
  const directory = dirname(target.real);
  const temporary = join(directory, `.${basename(target.real)}.${randomBytes(6).toString("hex")}.tmp`);
  await createExclusive(sandbox, { ...target, real: temporary });
  try {
    const directoryNow = await realpath(directory);
    if (directoryNow !== directory || !sandbox.contains(directoryNow)) {
      throw new FsError("SYMLINK_REFUSED", `The directory of ${target.shown} changed during the write`);
    }
    await rename(temporary, target.real);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw fromNodeError(error, target.shown);
  }
}
