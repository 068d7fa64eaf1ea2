import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import {
  listProcesses,
  livingGroupMembers,
  parseProcStat,
  signalProcessGroup,
  trackedProcessGroups,
  trackProcessGroup,
  untrackProcessGroup,
} from "./process-group.js";

describe("parseProcStat", () => {
  it("reads pid, state, ppid and pgid after the command name", () => {
    expect(parseProcStat("42 (my (odd) name) S 7 42 42 0 -1")).toEqual({
      pid: 42,
      ppid: 7,
      pgid: 42,
      state: "S",
    });
    expect(parseProcStat("garbage")).toBeUndefined();
    expect(parseProcStat("1 (x) S y z")).toBeUndefined();
  });
});

describe("process groups", () => {
  it("lists this process", () => {
    const me = listProcesses()?.find((p) => p.pid === process.pid);
    expect(me?.ppid).toBe(process.ppid);
  });

  it("signals a whole detached group", async () => {
    const leader = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], {
      detached: true,
      stdio: "ignore",
    });
    await new Promise((resolve) => leader.once("spawn", resolve));
    const pid = leader.pid!;
    expect(livingGroupMembers(pid)).toEqual([pid]);
    const exited = new Promise((resolve) => leader.once("exit", resolve));
    expect(signalProcessGroup(pid, "SIGKILL")).toBe(true);
    await exited;
    expect(livingGroupMembers(pid)).toEqual([]);
    expect(signalProcessGroup(pid, "SIGKILL")).toBe(false);
  });

  it("never signals pid 0, 1 or a bad value", () => {
    expect(signalProcessGroup(0, 0)).toBe(false);
    expect(signalProcessGroup(1, 0)).toBe(false);
    expect(signalProcessGroup(Number.NaN, 0)).toBe(false);
  });

  it("tracks and untracks groups", () => {
    trackProcessGroup(999_999_999);
    expect(trackedProcessGroups()).toContain(999_999_999);
    untrackProcessGroup(999_999_999);
    expect(trackedProcessGroups()).not.toContain(999_999_999);
  });
});
