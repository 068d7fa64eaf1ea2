import { readdirSync, readFileSync } from "node:fs";

/**
 * Signals for a whole process group: a stdio server is spawned `detached`, so it leads its own
 * group and signalling `-pid` reaches its grandchildren too.
 */

/**
 * Sends `signal` to every process in the group led by `pgid`. Returns false when the group no
 * longer exists (ESRCH) or cannot be signalled; never throws.
 *
 * @example
 * signalProcessGroup(child.pid, "SIGTERM");
 */
export function signalProcessGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  if (!Number.isInteger(pgid) || pgid <= 1) return false;
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/** One process as read from `/proc/<pid>/stat`. */
export interface ProcessStat {
  pid: number;
  ppid: number;
  pgid: number;
  /** One letter: R running, S sleeping, Z zombie, ... */
  state: string;
}

/**
 * Parses `/proc/<pid>/stat`. The command name is in parentheses and may itself contain spaces and
 * parentheses, so fields are read after the last `)`.
 *
 * @example
 * parseProcStat("42 (node) S 1 42 42 0 ..."); // { pid: 42, ppid: 1, pgid: 42, state: "S" }
 */
export function parseProcStat(text: string): ProcessStat | undefined {
  const close = text.lastIndexOf(")");
  if (close < 0) return undefined;
  const pid = Number.parseInt(text, 10);
  const fields = text.slice(close + 2).split(" ");
  const ppid = Number(fields[1]);
  const pgid = Number(fields[2]);
  if (!Number.isInteger(pid) || !Number.isInteger(ppid) || !Number.isInteger(pgid)) return undefined;
  return { pid, ppid, pgid, state: fields[0] ?? "?" };
}

/**
 * Every process visible in `/proc` (Linux), or `undefined` where `/proc` is unavailable.
 *
 * @example
 * const mine = listProcesses()?.filter((p) => p.ppid === process.pid);
 */
export function listProcesses(): ProcessStat[] | undefined {
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return undefined;
  }
  const result: ProcessStat[] = [];
  for (const entry of entries) {
    if (entry.charCodeAt(0) < 48 || entry.charCodeAt(0) > 57) continue;
    try {
      const stat = parseProcStat(readFileSync(`/proc/${entry}/stat`, "utf8"));
      if (stat) result.push(stat);
    } catch {
      // The process ended between readdir and read.
    }
  }
  return result;
}

/**
 * The pids of the group's members that are still alive. Zombies are not counted: they have
 * already ended, and where PID 1 does not reap orphans (some containers) they never go away.
 * Without `/proc`, falls back to `kill(-pgid, 0)` and reports the leader's pid if the group exists.
 *
 * @example
 * if (livingGroupMembers(pid).length > 0) signalProcessGroup(pid, "SIGKILL");
 */
export function livingGroupMembers(pgid: number): number[] {
  // Cheap first: an empty group (the common case) needs no /proc scan.
  if (!signalProcessGroup(pgid, 0)) return [];
  const processes = listProcesses();
  if (!processes) return signalProcessGroup(pgid, 0) ? [pgid] : [];
  return processes.filter((p) => p.pgid === pgid && p.state !== "Z").map((p) => p.pid);
}

// Groups this host started and has not yet seen end. If the host exits without closing its
// transports (an uncaught error, process.exit), the exit hook kills them: `detached` children are
// not killed by their parent's death, and execa's own `cleanup` is disabled for detached children.
const liveGroups = new Set<number>();
let exitHookInstalled = false;

function killLiveGroupsOnExit(): void {
  for (const pgid of liveGroups) signalProcessGroup(pgid, "SIGKILL");
  liveGroups.clear();
}

/**
 * Records a process group to kill if the host exits while it is still alive.
 *
 * @example
 * trackProcessGroup(child.pid); // ... later: untrackProcessGroup(child.pid)
 */
export function trackProcessGroup(pgid: number): void {
  if (!exitHookInstalled) {
    process.on("exit", killLiveGroupsOnExit);
    exitHookInstalled = true;
  }
  liveGroups.add(pgid);
}

/** Forgets a process group recorded by {@link trackProcessGroup}. */
export function untrackProcessGroup(pgid: number): void {
  liveGroups.delete(pgid);
}

/** The process groups currently recorded (for diagnostics and tests). */
export function trackedProcessGroups(): number[] {
  return [...liveGroups];
}
