// Helpers of the process-manager integration tests: the fixture server, and /proc checks that
// find every process a test run started, however it was reparented.
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const CHAOS_SERVER = resolve(dirname(fileURLToPath(import.meta.url)), "fixtures/chaos-server.mjs");

/** A marker unique to one test run, passed to the fixture and on to its grandchildren. */
export function newRunMarker(): string {
  return `chaos-run-${randomUUID()}`;
}

/**
 * Living (non-zombie) processes whose command line contains `marker`. Zombies are skipped: they
 * have ended, and PID 1 in this container does not reap orphans, so they would never go away.
 */
export function livingProcessesWithMarker(marker: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (!cmdline.includes(marker)) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
      if (state !== "Z") found.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/** True while `pid` is a living (non-zombie) process. */
export function isLiving(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

/** Waits until no living process carries `marker`, up to `timeoutMs`; returns the survivors. */
export async function waitForNoProcesses(marker: string, timeoutMs = 3000): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  let living = livingProcessesWithMarker(marker);
  while (living.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 25));
    living = livingProcessesWithMarker(marker);
  }
  return living;
}

/** The outcome of a promise, or "hung" if it did not settle within `ms`. */
export async function settleWithin<T>(
  promise: Promise<T>,
  ms: number,
): Promise<{ status: "fulfilled"; value: T } | { status: "rejected"; reason: unknown } | { status: "hung" }> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hung = new Promise<{ status: "hung" }>((resolve) => {
    timer = setTimeout(() => resolve({ status: "hung" }), ms);
  });
  const settled = promise.then(
    (value) => ({ status: "fulfilled" as const, value }),
    (reason: unknown) => ({ status: "rejected" as const, reason }),
  );
  try {
    return await Promise.race([settled, hung]);
  } finally {
    clearTimeout(timer);
  }
}
