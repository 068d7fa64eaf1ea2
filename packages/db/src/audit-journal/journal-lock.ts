import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";

// One process writes a journal directory at a time: a second writer's replay would apply and
// delete the segment the first one is still appending to. Node has no flock, so the lock is a
// file created exclusively, naming its owner; an owner that is no longer running (a crash, a
// kill -9) leaves a stale lock that the next start takes over. The owner is its pid AND its
// start time from /proc where there is one, because after a container restart the new API often
// gets the very pid the old one had.

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
    return null; // unreadable or half-written: its writer died before finishing it
  }
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
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, "wx", 0o600);
      try {
        writeSync(fd, JSON.stringify({ pid: process.pid, startTime: startTimeOf(process.pid) }));
      } finally {
        closeSync(fd);
      }
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
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const owner = readOwner(path);
    if (owner && isRunning(owner)) {
      throw new Error(
        `the audit journal in ${path.replace(/\/[^/]+$/, "")} is in use by process ${owner.pid}; ` +
          "one API process per data directory (delete the lock file if that process is not an API)",
      );
    }
    try {
      unlinkSync(path);
    } catch {
      // another starter removed the stale lock first; try again
    }
  }
  throw new Error(`could not take the audit journal lock ${path}`);
}
