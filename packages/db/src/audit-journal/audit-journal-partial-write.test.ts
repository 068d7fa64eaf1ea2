import { randomUUID } from "node:crypto";
import * as fs from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { finishedExecutionRow } from "../access/execution-batch.js";
import type { Database } from "../database.js";
import { AuditJournal } from "./audit-journal.js";
import { readSegment } from "./journal-segments.js";

// A disk that fills up in the middle of a line: the kernel takes part of it, the next write
// fails. This suite replaces `writeSync` to do exactly that on demand.
const disk = vi.hoisted(() => ({ fillUpNextWrite: false }));
vi.mock("node:fs", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:fs")>();
  let failing = false;
  const writeSync = (...args: unknown[]) => {
    const [fd, buffer, offset, length, position] = args as [number, Buffer, number, number, number];
    if (failing) {
      failing = false;
      throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
    }
    if (disk.fillUpNextWrite && typeof length === "number") {
      disk.fillUpNextWrite = false;
      failing = true;
      return real.writeSync(fd, buffer, offset, Math.floor(length / 2), position);
    }
    return (real.writeSync as (...a: unknown[]) => number)(...args);
  };
  return { ...real, writeSync, default: { ...real, writeSync } };
});

describe("a journal append that fails half-way", () => {
  const dir = fs.mkdtempSync(join(tmpdir(), "mcp-journal-partial-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("throws, and leaves no hole or half line between the lines before and after it", async () => {
    // Nothing reaches a database in this test: the flush delay is an hour.
    const db = {
      provider: "pglite",
      query: () => Promise.reject(new Error("no database")),
    } as unknown as Database;
    const journal = await AuditJournal.open({ db, dir, flushDelayMs: 3_600_000 });
    const row = () =>
      finishedExecutionRow(
        "tenant",
        { id: randomUUID(), serverId: "server", toolName: "add", arguments: { text: "y".repeat(200) } },
        { status: "succeeded", attempts: 1, durationMs: 1 },
      );
    const [before, failed, after] = [row(), row(), row()];
    journal.append(before!);
    disk.fillUpNextWrite = true;
    expect(() => journal.append(failed!)).toThrow("ENOSPC");
    journal.append(after!);

    const [segment] = fs.readdirSync(dir).filter((name) => name.startsWith("segment-"));
    const path = join(dir, segment as string);
    expect(fs.readFileSync(path, "utf8")).not.toContain("\u0000");
    const contents = readSegment(path);
    expect(contents.lines.map((line) => JSON.parse(line).id)).toEqual([before!.id, after!.id]);
    expect(contents.unreadable).toEqual([]);
    expect(contents.tornTail).toBe("");
    expect(journal.pending).toBe(2);
  });
});
