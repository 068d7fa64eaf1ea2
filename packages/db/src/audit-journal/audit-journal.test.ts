import { execFile, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { type FinishedExecutionRow, finishedExecutionRow } from "../access/execution-batch.js";
import { getExecution } from "../access/executions.js";
import { createServer } from "../access/servers.js";
import { createTenant } from "../access/tenants.js";
import type { Database } from "../database.js";
import { createDatabase } from "../database.js";
import { OPEN_TIMEOUT_MS, TEST_KEY } from "../test-support/databases.js";
import { AuditJournal, type AuditJournalProblem } from "./audit-journal.js";
import { journalLine, segmentName } from "./journal-segments.js";

const run = promisify(execFile);

describe("the audit journal: durable on append, in the database in batches", { timeout: 90_000 }, () => {
  let db: Database;
  let tenantId: string;
  let serverId: string;
  const dirs: string[] = [];
  const journals: AuditJournal[] = [];

  beforeAll(async () => {
    db = await createDatabase("memory://", { encryptionKey: TEST_KEY });
    tenantId = (await createTenant(db, { slug: "journal", name: "J" })).id;
    serverId = (
      await createServer(db, { tenantId }, { slug: "calc", name: "C", transport: "stdio", command: "n" })
    ).id;
  }, OPEN_TIMEOUT_MS);
  afterEach(async () => {
    for (const journal of journals.splice(0)) await journal.close().catch(() => {});
  });
  afterAll(async () => {
    await db.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  const newDir = () => {
    const dir = mkdtempSync(join(tmpdir(), "mcp-journal-"));
    dirs.push(dir);
    return dir;
  };
  const open = async (options: Partial<Parameters<typeof AuditJournal.open>[0]> & { dir: string }) => {
    const journal = await AuditJournal.open({ db, flushDelayMs: 60_000, ...options });
    journals.push(journal);
    return journal;
  };
  const row = (overrides: Partial<FinishedExecutionRow> = {}): FinishedExecutionRow => ({
    ...finishedExecutionRow(
      tenantId,
      { id: randomUUID(), serverId, toolName: "add", arguments: { a: 1 } },
      { status: "succeeded", result: { n: 2 }, attempts: 1, durationMs: 3 },
    ),
    ...overrides,
  });
  // The database, answering every query `ms` later: a round lasts long enough to append during it.
  const slow = (ms: number): Database => ({
    ...db,
    query: async (sql, params, options) => {
      await new Promise((resolve) => setTimeout(resolve, ms));
      return db.query(sql, params, options);
    },
  });
  // The database, shown every statement first (a batch on PGlite is `EXECUTE name('<rows>')`
  // through simpleQuery; see runHotStatement); `see` may throw to fail it.
  const intercept = (see: (sql: string) => void): Database => {
    expect(db.provider).toBe("pglite");
    return {
      ...db,
      query: async (sql, params, options) => {
        see(sql);
        return db.query(sql, params, options);
      },
      simpleQuery: async (sql) => {
        see(sql);
        return db.simpleQuery(sql);
      },
    };
  };
  // A journal in a new directory whose problems are collected.
  const openWatched = async (options: Partial<Parameters<typeof AuditJournal.open>[0]>) => {
    const problems: AuditJournalProblem[] = [];
    const dir = newDir();
    const journal = await open({ dir, onProblem: (p) => problems.push(p), ...options });
    return { journal, problems, dir };
  };
  const stored = (rows: FinishedExecutionRow[]) =>
    db.prisma.mcpToolExecution.count({ where: { id: { in: rows.map((r) => r.id) } } });
  // `bad` between two good rows, then a flush: the good ones land whatever becomes of `bad`.
  const appendBetweenGoodRows = async (journal: AuditJournal, bad: FinishedExecutionRow) => {
    const good = [row(), row()];
    journal.append(good[0]!);
    journal.append(bad);
    journal.append(good[1]!);
    await journal.flush();
    expect(await stored(good)).toBe(2);
  };
  const calls = async () =>
    (await db.prisma.mcpServer.findUniqueOrThrow({ where: { id: serverId } })).totalCalls;
  const segmentsIn = (dir: string) => readdirSync(dir).filter((name) => name.startsWith("segment-"));
  // Rows still on disk: applied segments are deleted, and the next one may already be open, empty.
  const linesOnDisk = (dir: string) =>
    segmentsIn(dir).reduce((n, name) => n + readFileSync(join(dir, name), "utf8").split("\n").length - 1, 0);

  it("an appended row is on disk at once and in the database after flush; applied segments are deleted", async () => {
    const dir = newDir();
    const journal = await open({ dir });
    const before = await calls();
    const rows = [row(), row(), row({ status: "denied", attempts: 0 })];
    for (const r of rows) journal.append(r);
    expect(journal.pending).toBe(3);
    expect(await stored(rows)).toBe(0);
    const [segment] = segmentsIn(dir);
    const lines = readFileSync(join(dir, segment as string), "utf8")
      .trimEnd()
      .split("\n");
    expect(lines.map((line) => JSON.parse(line).id)).toEqual(rows.map((r) => r.id));

    await journal.flush();
    expect(journal.pending).toBe(0);
    expect(await stored(rows)).toBe(3);
    expect(await calls()).toBe(before + 2);
    expect(linesOnDisk(dir)).toBe(0);
    expect(await getExecution(db, tenantId, rows[0]!.id)).toMatchObject({
      result: { n: 2 },
      arguments: { a: 1 },
    });
  });

  it("applies on its own after the flush delay, and at once when a batch is full", async () => {
    const timed = await open({ dir: newDir(), flushDelayMs: 20 });
    const early = [row(), row()];
    for (const r of early) timed.append(r);
    await vi.waitFor(async () => expect(await stored(early)).toBe(2), { timeout: 10_000 });

    const full = await open({ dir: newDir(), maxBatchRows: 5 });
    const batch = Array.from({ length: 5 }, () => row());
    for (const r of batch) full.append(r);
    await vi.waitFor(async () => expect(await stored(batch)).toBe(5), { timeout: 10_000 });
    expect(full.pending).toBe(0);
  });

  it("rows appended while a batch is applied go to the next one; a flush waits for both", async () => {
    const journal = await open({ dir: newDir(), db: slow(100) });
    const first = Array.from({ length: 20 }, () => row());
    for (const r of first) journal.append(r);
    const flushing = journal.flush();
    const second = Array.from({ length: 20 }, () => row());
    for (const r of second) journal.append(r);
    // This flush joins the round already applying `first`, then needs another for `second`.
    await journal.flush();
    expect(await stored([...first, ...second])).toBe(40);
    await flushing;
  });

  it("rows appended while a batch is applied are applied on their own, whatever triggered the batch", async () => {
    // A full segment starts a round; more rows arrive while it runs (their timer fires and joins
    // that round). Once it ends they must still be applied without anyone calling flush.
    const journal = await open({ dir: newDir(), db: slow(150), maxBatchRows: 5, flushDelayMs: 10 });
    const first = Array.from({ length: 5 }, () => row());
    for (const r of first) journal.append(r);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const late = Array.from({ length: 3 }, () => row());
    for (const r of late) journal.append(r);
    await vi.waitFor(async () => expect(await stored([...first, ...late])).toBe(8), { timeout: 10_000 });
    expect(journal.pending).toBe(0);
  });

  it("keeps rows across a database failure and applies them when it passes", async () => {
    let failNext = 2;
    const refuse = () => {
      failNext--;
      return Promise.reject(Object.assign(new Error("connection terminated"), { code: "57P01" }));
    };
    const flaky: Database = {
      ...db,
      query: (sql, params, options) => (failNext > 0 ? refuse() : db.query(sql, params, options)),
      simpleQuery: (sql) => (failNext > 0 ? refuse() : db.simpleQuery(sql)),
    };
    const { journal, problems, dir } = await openWatched({ db: flaky, flushDelayMs: 10 });
    const rows = [row(), row()];
    for (const r of rows) journal.append(r);
    // The background apply fails, reports it, and retries with a longer delay until it passes.
    await vi.waitFor(async () => expect(await stored(rows)).toBe(2), { timeout: 10_000 });
    expect(problems.map((p) => p.kind)).toEqual(["apply_failed", "apply_failed"]);
    expect(journal.pending).toBe(0);
    expect(linesOnDisk(dir)).toBe(0);

    failNext = 1;
    const more = row();
    journal.append(more);
    await expect(journal.flush()).rejects.toThrow("connection terminated");
    expect(journal.pending).toBe(1);
    await journal.flush();
    expect(await stored([more])).toBe(1);
  });

  it("while the database is down, retries back off however many rows arrive", async () => {
    let down = true;
    let attempts = 0;
    const guard = <T>(run: () => Promise<T>): Promise<T> => {
      attempts++;
      return down
        ? Promise.reject(Object.assign(new Error("database restarting"), { code: "57P03" }))
        : run();
    };
    const flaky: Database = {
      ...db,
      query: (sql, params, options) => guard(() => db.query(sql, params, options)),
      simpleQuery: (sql) => guard(() => db.simpleQuery(sql)),
    };
    const problems: AuditJournalProblem[] = [];
    // A full batch (2 rows here) would otherwise be applied at once, whatever the backoff says.
    const journal = await open({
      dir: newDir(),
      db: flaky,
      flushDelayMs: 10,
      maxBatchRows: 2,
      onProblem: (p) => problems.push(p),
    });
    const rows = Array.from({ length: 40 }, () => row());
    for (const r of rows) {
      journal.append(r);
      await new Promise((resolve) => setTimeout(resolve, 8));
    }
    // ~320 ms of appends, one every 8 ms: attempts at 10, 30, 70, 150 and 310 ms or so, not one
    // per append.
    expect(attempts).toBeGreaterThanOrEqual(2);
    expect(attempts).toBeLessThanOrEqual(8);
    expect(problems.every((p) => p.kind === "apply_failed")).toBe(true);
    down = false;
    await journal.flush(); // a reader's flush gets through first
    expect(await stored(rows)).toBe(40);
    const later = row();
    journal.append(later);
    await vi.waitFor(async () => expect(await stored([later])).toBe(1), { timeout: 10_000 });
  });

  it("sets aside a row the database refuses, in rejected.ndjson, and applies the rest", async () => {
    const { journal, problems, dir } = await openWatched({});
    const orphan = row({ serverId: "deleted-server" });
    await appendBetweenGoodRows(journal, orphan);
    expect(problems.map((p) => p.kind)).toEqual(["row_rejected"]);
    const rejected = readFileSync(join(dir, "rejected.ndjson"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(rejected).toHaveLength(1);
    // The row as it was journaled: its arguments and result as JSON values, not strings.
    expect(rejected[0].row).toEqual({ ...orphan, arguments: { a: 1 }, result: { n: 2 } });
    expect(rejected[0].reason).toMatch(/foreign key/);
  });

  it("a row no statement can take is set aside, whatever the error, and never wedges the journal", async () => {
    // An error with no SQLSTATE (V8's "Invalid string length" building a batch of huge rows, a
    // stack depth limit…) while the database still answers: the rows are to blame.
    const poisoned = (marker: string): Database =>
      intercept((sql) => {
        if (sql.includes(marker)) throw new RangeError("Invalid string length");
      });
    const { journal, problems, dir } = await openWatched({ db: poisoned("poison-1") });
    const bad = row({ toolName: "poison-1" });
    await appendBetweenGoodRows(journal, bad);
    expect(await stored([bad])).toBe(0);
    expect(problems.map((p) => p.kind)).toEqual(["row_rejected"]);
    expect(readFileSync(join(dir, "rejected.ndjson"), "utf8")).toContain(bad.id);

    // Left by a crashed process, such a row does not stop the next start.
    const leftover = newDir();
    const later = [row(), row({ toolName: "poison-2" })];
    writeFileSync(join(leftover, segmentName(1)), later.map(journalLine).join(""));
    const replaying = await open({ dir: leftover, db: poisoned("poison-2") });
    expect(replaying.replayed).toEqual({ segments: 1, rows: 2, recorded: 1 });
    expect(readFileSync(join(leftover, "rejected.ndjson"), "utf8")).toContain(later[1]!.id);
  });

  it("an error with no code while the database does not answer is an outage: the rows wait", async () => {
    let down = true;
    const broken: Database = {
      ...db,
      query: (sql, params, options) =>
        down
          ? Promise.reject(new Error("Connection terminated unexpectedly"))
          : db.query(sql, params, options),
    };
    const { journal, problems, dir } = await openWatched({ db: broken });
    const rows = [row(), row()];
    for (const r of rows) journal.append(r);
    await expect(journal.flush()).rejects.toThrow("Connection terminated");
    expect(problems.map((p) => p.kind)).toEqual(["apply_failed"]);
    expect(journal.pending).toBe(2);
    down = false;
    await journal.flush();
    expect(await stored(rows)).toBe(2);
    expect(readdirSync(dir)).not.toContain("rejected.ndjson");
  });

  it("a database that refuses every write is an outage, not a reason to set rows aside", async () => {
    // A failover left a read-only standby, a grant was revoked…: the error may carry any code or
    // none, and SELECT still works. The rows must wait, not be blamed.
    let refusing = true;
    const readOnly = intercept((sql) => {
      if (refusing && sql.includes("mcp_audit_insert_finished_batch")) {
        throw new Error("cannot execute INSERT in a read-only transaction");
      }
    });
    const { journal, problems, dir } = await openWatched({ db: readOnly });
    const rows = [row(), row(), row()];
    for (const r of rows) journal.append(r);
    await expect(journal.flush()).rejects.toThrow("read-only");
    expect(journal.pending).toBe(3);
    expect(problems.map((p) => p.kind)).toEqual(["apply_failed"]);
    expect(readdirSync(dir)).not.toContain("rejected.ndjson");
    refusing = false;
    await journal.flush();
    expect(await stored(rows)).toBe(3);
  });

  it("while the database is out, segments still end at a batch's size, and a throwing listener stops nothing", async () => {
    let down = true;
    const outage = intercept(() => {
      if (down) throw Object.assign(new Error("the database system is shutting down"), { code: "57P03" });
    });
    const dir = newDir();
    const journal = await open({
      dir,
      db: outage,
      maxBatchRows: 3,
      flushDelayMs: 10,
      onProblem: () => {
        throw new Error("a broken log sink");
      },
    });
    const rows = Array.from({ length: 3 }, () => row());
    for (const r of rows) journal.append(r); // full: applied at once, and fails
    await vi.waitFor(() => expect(journal.pending).toBe(3), { timeout: 5_000 });
    await new Promise((resolve) => setTimeout(resolve, 30));
    for (let i = 0; i < 10; i++) {
      const r = row();
      rows.push(r);
      journal.append(r);
    }
    expect(linesOnDisk(dir)).toBe(13);
    for (const name of segmentsIn(dir)) {
      const lines = readFileSync(join(dir, name), "utf8").split("\n").length - 1;
      expect(lines).toBeLessThanOrEqual(3);
    }
    // The retry, scheduled although the listener threw, applies everything once it passes.
    down = false;
    await vi.waitFor(async () => expect(await stored(rows)).toBe(13), { timeout: 10_000 });
  });

  it("a batch holds at most maxBatchBytes of rows, and that much waiting starts one", async () => {
    const statements: number[] = [];
    const counting = intercept((sql) => {
      if (sql.includes("EXECUTE mcp_audit_insert_finished_batch"))
        statements.push(sql.split('"finishedAt"').length - 1);
    });
    const journal = await open({ dir: newDir(), db: counting, maxBatchBytes: 3_000 });
    // ~1,300 bytes each: two wait for the timer (a minute here), the third fills a batch.
    const big = () => row({ arguments: JSON.stringify({ text: "x".repeat(900) }) });
    const rows = [big(), big()];
    for (const r of rows) journal.append(r);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(statements).toEqual([]);
    rows.push(big());
    journal.append(rows[2]!);
    await vi.waitFor(async () => expect(await stored(rows)).toBe(3), { timeout: 10_000 });
    // Three rows are more than 3,000 bytes: two statements.
    expect(statements).toEqual([2, 1]);
  });

  it("stores NUL and lone surrogates as U+FFFD, appended or replayed, instead of refusing the row", async () => {
    const hostile = () =>
      finishedExecutionRow(
        tenantId,
        {
          id: randomUUID(),
          serverId,
          toolName: "add\uD800",
          arguments: { "k\uDC00": "a\u0000b\uD83D", pair: "\uD83D\uDE00" },
        },
        {
          status: "failed",
          result: { text: "\uDFFFend" },
          errorMessage: "bad\uD800\u0000",
          attempts: 1,
          durationMs: 1,
        },
      );
    const expected = {
      toolName: "add\uFFFD",
      arguments: { "k\uFFFD": "a\uFFFDb\uFFFD", pair: "\uD83D\uDE00" },
      result: { text: "\uFFFDend" },
      errorMessage: "bad\uFFFD\uFFFD",
    };
    const problems: AuditJournalProblem[] = [];
    const appended = hostile();
    const journal = await open({ dir: newDir(), onProblem: (p) => problems.push(p) });
    journal.append(appended);
    await journal.flush();
    expect(await getExecution(db, tenantId, appended.id)).toMatchObject(expected);

    const dir = newDir();
    const replayed = hostile();
    writeFileSync(join(dir, segmentName(1)), journalLine(replayed));
    const next = await open({ dir, onProblem: (p) => problems.push(p) });
    expect(next.replayed.recorded).toBe(1);
    expect(await getExecution(db, tenantId, replayed.id)).toMatchObject(expected);
    expect(problems).toEqual([]);
  });

  it("a segment deleted behind the journal's back does not stop it", async () => {
    const dir = newDir();
    const journal = await open({ dir });
    const rows = [row(), row()];
    for (const r of rows) journal.append(r);
    for (const name of segmentsIn(dir)) rmSync(join(dir, name));
    await journal.flush();
    expect(journal.pending).toBe(0);
    expect(await stored(rows)).toBe(2);
    const more = row();
    journal.append(more);
    await journal.flush();
    expect(await stored([more])).toBe(1);
  });

  it("while the database is out, waiting rows are read back from disk; a file deleted meanwhile is reported", async () => {
    let down = true;
    const outage = intercept(() => {
      if (down) throw Object.assign(new Error("connection refused"), { code: "ECONNREFUSED" });
    });
    const { journal, problems, dir } = await openWatched({ db: outage });
    const first = [row(), row()];
    for (const r of first) journal.append(r);
    await expect(journal.flush()).rejects.toThrow("connection refused");
    // The rows now live in the file only: what is applied is what the file holds.
    const second = [row()];
    for (const r of second) journal.append(r);
    await expect(journal.flush()).rejects.toThrow("connection refused");
    const [oldest] = segmentsIn(dir).sort();
    rmSync(join(dir, oldest as string));
    down = false;
    await journal.flush();
    expect(journal.pending).toBe(0);
    expect(await stored(first)).toBe(0);
    expect(await stored(second)).toBe(1);
    expect(await getExecution(db, tenantId, second[0]!.id)).toMatchObject({
      arguments: { a: 1 },
      result: { n: 2 },
    });
    expect(problems.map((p) => p.kind)).toEqual(["apply_failed", "apply_failed", "segment_missing"]);
  });

  it("a journal left by a killed process is applied by the next one, exactly once", async () => {
    const dir = newDir();
    const ids = Array.from({ length: 25 }, () => randomUUID());
    const before = await calls();
    // A real process appends, says so, and is killed with SIGKILL before it applies anything.
    const script = `
      import { AuditJournal, finishedExecutionRow } from "@mcp/db";
      const { dir, tenantId, serverId, ids } = JSON.parse(process.env.JOURNAL_TEST);
      const db = { provider: "pglite", query: () => { throw new Error("no database in the child"); } };
      const journal = await AuditJournal.open({ db, dir, flushDelayMs: 3_600_000 });
      for (const id of ids) journal.append(finishedExecutionRow(tenantId, { id, serverId, toolName: "add" }, { status: "succeeded", attempts: 1, durationMs: 4 }));
      process.stdout.write("appended\\n");
      setInterval(() => {}, 1000);
    `;
    const child = spawn(
      process.execPath,
      ["--conditions=@mcp/source", "--import", "tsx", "--input-type=module", "-e", script],
      {
        cwd: fileURLToPath(new URL("../..", import.meta.url)),
        env: { ...process.env, JOURNAL_TEST: JSON.stringify({ dir, tenantId, serverId, ids }) },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("appended") && resolve());
      child.on("exit", (code) => reject(new Error(`the child exited early with ${code}`)));
    });
    // The lock names a live process: a second journal on the directory is refused.
    await expect(AuditJournal.open({ db, dir })).rejects.toThrow(`in use by process ${child.pid}`);
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));

    const [segment] = segmentsIn(dir);
    const kept = join(newDir(), "kept.ndjson");
    copyFileSync(join(dir, segment as string), kept);
    const journal = await open({ dir });
    expect(journal.replayed).toEqual({ segments: 1, rows: 25, recorded: 25 });
    expect(await db.prisma.mcpToolExecution.count({ where: { id: { in: ids } } })).toBe(25);
    expect(await calls()).toBe(before + 25);
    await journal.close();

    // Had the process died after the batch committed but before the segment was deleted, the
    // next start would apply it again: nothing is added or counted twice.
    copyFileSync(kept, join(dir, segmentName(7)));
    const again = await open({ dir });
    expect(again.replayed).toEqual({ segments: 1, rows: 25, recorded: 0 });
    expect(await calls()).toBe(before + 25);
    // The next segment is numbered after the replayed one, so it never overwrites a leftover.
    again.append(row());
    expect(segmentsIn(dir)).toEqual([segmentName(8)]);
  });

  it("replays a torn last line as never written and keeps an unreadable line aside", async () => {
    const dir = newDir();
    const whole = row();
    writeFileSync(join(dir, segmentName(1)), `${journalLine(whole)}not json at all\n{"v":1,"id":"half-writ`);
    const problems: AuditJournalProblem[] = [];
    const journal = await open({ dir, onProblem: (p) => problems.push(p) });
    expect(journal.replayed).toEqual({ segments: 1, rows: 1, recorded: 1 });
    expect(problems.map((p) => p.kind).sort()).toEqual(["line_unreadable", "torn_tail"]);
    expect(readFileSync(join(dir, "rejected.ndjson"), "utf8")).toContain("not json at all");
    expect(await stored([whole])).toBe(1);
    // Arguments and result come back as the JSON they were, not as strings holding it.
    expect(await getExecution(db, tenantId, whole.id)).toMatchObject({
      arguments: { a: 1 },
      result: { n: 2 },
    });
  });

  it("close applies what waits, deletes its files and lock; appends after it throw", async () => {
    const dir = newDir();
    const journal = await AuditJournal.open({ db, dir, flushDelayMs: 60_000 });
    const rows = [row(), row()];
    for (const r of rows) journal.append(r);
    await journal.close();
    expect(await stored(rows)).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
    expect(() => journal.append(row())).toThrow("closed");
    // The directory is free again.
    const next = await open({ dir });
    await next.close();
  });

  it("a lock left by a process that is gone is taken over", async () => {
    const dir = newDir();
    const { stdout } = await run(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
    writeFileSync(join(dir, "journal.lock"), JSON.stringify({ pid: Number(stdout), startTime: "1" }));
    const journal = await open({ dir });
    journal.append(row());
    await journal.flush();
    // The lock now names this process, complete; nothing of the takeover is left beside it.
    expect(JSON.parse(readFileSync(join(dir, "journal.lock"), "utf8"))).toMatchObject({ pid: process.pid });
    expect(readdirSync(dir).filter((name) => !name.startsWith("segment-"))).toEqual(["journal.lock"]);
  });
});
