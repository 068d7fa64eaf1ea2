import { randomUUID } from "node:crypto";
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";

// One process writes a journal directory at a time: a second writer's replay would apply and
// delete the segment the first one is still appending to. Node has no flock, so the lock is a
// file created exclusively, naming its owner; an owner that is no longer running (a crash, a
// kill -9) leaves a stale lock that the next start takes over. The owner is its pid AND its
// start time from /proc where there is one, because after a container restart the new API often
// gets the very pid the old one had.
//
// Two starters may race. The lock is written complete to a private temporary file and then
// hard-linked to its name, which fails if the name exists: nobody ever reads a half-written lock
// as stale. A stale lock is taken over by renaming it away (only one starter's rename succeeds)
// and checking that what was renamed is the stale lock that was judged, not a fresh one another
// starter created in between (which is then put back).

interface LockOwner {
  pid: number;
  startTime: string | null;
}

const heldByThisProcess = new Set<string>();

function startTimeOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Field 22 (starttime); the command name in field 2 may itself contain spaces and ")".
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
  } catch {
    return null;
  }
}

function isRunning(owner: LockOwner): boolean {
  if (owner.pid === process.pid) return false; // this process only holds what the Set says
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  const startTime = startTimeOf(owner.pid);
  return owner.startTime === null || startTime === null || startTime === owner.startTime;
}

function readOwner(path: string): LockOwner | null {
  try {
    const parsed = JSON.parse(readFileSync(path, "utf8")) as Partial<LockOwner>;
    if (typeof parsed.pid !== "number") return null;
    return { pid: parsed.pid, startTime: typeof parsed.startTime === "string" ? parsed.startTime : null };
  } catch {
    return null; // not a lock written by this code (they are created complete): nobody's
  }
}

function release(path: string): () => void {
  heldByThisProcess.add(path);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    heldByThisProcess.delete(path);
    try {
      unlinkSync(path);
    } catch {
      // already gone: nothing to release
    }
  };
}

/** Creates `path` holding `content` if it does not exist; false if it does. */
function createComplete(path: string, content: string): boolean {
  const temporary = `${path}.${randomUUID()}.tmp`;
  writeFileSync(temporary, content, { mode: 0o600, flag: "wx" });
  try {
    linkSync(temporary, path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return false;
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP" && code !== "ENOSYS") throw error;
    // A file system without hard links: an exclusive create, written at once (not atomic with
    // its content, so a reader may judge it for a moment unreadable, and stale).
    try {
      writeFileSync(path, content, { mode: 0o600, flag: "wx" });
      return true;
    } catch (fallbackError) {
      if ((fallbackError as NodeJS.ErrnoException).code === "EEXIST") return false;
      throw fallbackError;
    }
  } finally {
    unlinkSync(temporary);
  }
}

function inUse(path: string, owner: LockOwner): Error {
  return new Error(
    `the audit journal in ${path.replace(/\/[^/]+$/, "")} is in use by process ${owner.pid}; ` +
      "one API process per data directory (delete the lock file if that process is not an API)",
  );
}

/** Removes the stale lock `judged` from `path`; throws if a live one took its place. */
function removeStale(path: string, judged: LockOwner | null): void {
  const aside = `${path}.${randomUUID()}.stale`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return; // another starter moved it
    throw error;
  }
  const moved = readOwner(aside);
  const same = moved?.pid === judged?.pid && moved?.startTime === judged?.startTime;
  if (!same && moved && isRunning(moved)) {
    // A starter took the lock between our read and our rename: give it back. (Should a third
    // starter have created the lock meanwhile, the giving back fails, and two processes believe
    // they hold it: three starters at once on one stale lock, within microseconds; not handled.)
    try {
      linkSync(aside, path);
    } catch {
      // see above
    } finally {
      unlinkSync(aside);
    }
    throw inUse(path, moved);
  }
  unlinkSync(aside);
}

/**
 * Takes the lock file at `path` for this process, or throws naming the process that holds it.
 * Returns the release function (idempotent).
 *
 * @example
 * const release = acquireJournalLock("/data/audit-journal/journal.lock");
 */
export function acquireJournalLock(path: string): () => void {
  if (heldByThisProcess.has(path)) {
    throw new Error(`the audit journal lock ${path} is already held by this process`);
  }
  const content = JSON.stringify({ pid: process.pid, startTime: startTimeOf(process.pid) });
  for (let attempt = 0; attempt < 3; attempt++) {
    if (createComplete(path, content)) return release(path);
    const owner = readOwner(path);
    if (owner && isRunning(owner)) throw inUse(path, owner);
    removeStale(path, owner);
  }
  throw new Error(`could not take the audit journal lock ${path}`);
}
