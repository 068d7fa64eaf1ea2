import {
  appendFileSync,
  closeSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import { type FinishedExecutionRow, recordFinishedRowsJson } from "../access/execution-batch.js";
import type { Database } from "../database.js";
import { isRowsFault } from "./apply-errors.js";
import { acquireJournalLock } from "./journal-lock.js";
import { journalLine, listSegments, readSegment, segmentName } from "./journal-segments.js";

/** Something the journal handled on its own and an operator may want to know about. */
export interface AuditJournalProblem {
  kind:
    | "apply_failed"
    | "row_rejected"
    | "line_unreadable"
    | "torn_tail"
    | "segment_not_deleted"
    | "segment_missing";
  message: string;
  error?: unknown;
}

/** How to open an audit journal. */
export interface AuditJournalOptions {
  db: Database;
  /** The journal's own directory (created if missing); one process at a time. */
  dir: string;
  /** Apply as soon as this many rows wait; also the most rows in one statement (default 512). */
  maxBatchRows?: number;
  /**
   * Apply as soon as this much row text waits; also the most in one statement, except that a
   * single bigger row goes alone (default 4 MiB).
   */
  maxBatchBytes?: number;
  /** Apply at most this long after the first waiting row was written, in ms (default 25). */
  flushDelayMs?: number;
  /**
   * Told of failed applies (retried), rejected rows, unreadable lines and segments that could
   * not be deleted; default: nothing.
   */
  onProblem?: (problem: AuditJournalProblem) => void;
}

/** What `open` found left by an earlier process and applied. */
export interface AuditJournalReplay {
  segments: number;
  rows: number;
  /** Rows that were not in the database yet (the rest had landed before the crash). */
  recorded: number;
}

interface Segment {
  path: string;
  /** Open while rows are appended; null once closed. */
  fd: number | null;
  /** Bytes of complete lines in the file; the next line is written at this offset. */
  bytes: number;
  /** How many rows it holds. */
  rows: number;
  /**
   * Its rows, each as the journal line written for it (the batch is built from them); null
   * while the database is out, when they are read back from the file at the next attempt.
   */
  lines: string[] | null;
}

/** A row (or a line) the database can never take, kept in `rejected.ndjson`. */
interface SetAside {
  reason: string;
  /** The journal line of a row the database refused. */
  rowLine?: string;
  /** A line that is not a row at all. */
  unreadable?: string;
  error?: unknown;
}

const REJECTED_FILE = "rejected.ndjson";
const MAX_RETRY_DELAY_MS = 30_000;

const unreadableIn = (path: string, lines: readonly string[]): SetAside[] =>
  lines.map((line) => ({ reason: `an unreadable line in ${path}`, unreadable: line }));

const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * An append-only journal of finished tool executions in front of the database: `append` writes
 * the row to a local file synchronously (one `write`, durable in the OS before it returns: a
 * crash or kill of the process loses nothing), and the rows reach the database in batches, one
 * statement per batch (`recordFinishedExecutions`), in the background. A process that starts on
 * the directory applies what an earlier one left. `flush` waits until everything appended so far
 * is in the database: call it before reading executions.
 *
 * Durability is the operating system's page cache, as for the embedded PGlite, which runs with
 * fsync off; a power loss may lose the last seconds of either.
 *
 * @example
 * const journal = await AuditJournal.open({ db, dir: join(dataDir, "audit-journal") });
 * journal.append(finishedExecutionRow(tenantId, record, outcome)); // before answering the call
 * await journal.flush(); // before listing executions
 * await journal.close();
 */
export class AuditJournal {
  readonly #db: Database;
  readonly #dir: string;
  readonly #maxBatchRows: number;
  readonly #maxBatchBytes: number;
  readonly #flushDelayMs: number;
  readonly #onProblem: (problem: AuditJournalProblem) => void;
  readonly #releaseLock: () => void;
  #nextSeq = 1;
  #current: Segment | null = null;
  /** Closed segments whose rows are not all in the database yet, oldest first. */
  readonly #backlog: Segment[] = [];
  #appended = 0;
  #applied = 0;
  #round: Promise<void> | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Failed rounds in a row; while above 0 the retry timer alone decides when to try again. */
  #failures = 0;
  #closed = false;
  #closing: Promise<void> | undefined;
  #replay: AuditJournalReplay = { segments: 0, rows: 0, recorded: 0 };

  private constructor(options: AuditJournalOptions, releaseLock: () => void) {
    this.#db = options.db;
    this.#dir = options.dir;
    this.#maxBatchRows = options.maxBatchRows ?? 512;
    this.#maxBatchBytes = options.maxBatchBytes ?? 4 * 1024 * 1024;
    this.#flushDelayMs = options.flushDelayMs ?? 25;
    const onProblem = options.onProblem ?? (() => {});
    // A listener that throws must not stop the journal half-way (a retry never scheduled).
    this.#onProblem = (problem) => {
      try {
        onProblem(problem);
      } catch {
        // the listener's own failure: nothing the journal can do about it
      }
    };
    this.#releaseLock = releaseLock;
  }

  /**
   * Opens the journal in `options.dir`: takes its lock (throws if another running process holds
   * it), applies every segment an earlier process left, and deletes them. Rows the database
   * refuses are set aside; only a database that cannot be reached makes this throw.
   */
  static async open(options: AuditJournalOptions): Promise<AuditJournal> {
    mkdirSync(options.dir, { recursive: true });
    const release = acquireJournalLock(join(options.dir, "journal.lock"));
    const journal = new AuditJournal(options, release);
    try {
      await journal.#replayLeftovers();
    } catch (error) {
      release();
      throw error;
    }
    return journal;
  }

  /** What this journal applied at open from an earlier process's segments. */
  get replayed(): AuditJournalReplay {
    return { ...this.#replay };
  }

  /** Rows appended and not yet in the database. */
  get pending(): number {
    return this.#appended - this.#applied;
  }

  /**
   * Writes one finished execution to the journal before returning; throws if the write failed
   * (the row is then not in the journal and the caller must record it some other way).
   */
  append(row: FinishedExecutionRow): void {
    if (this.#closed) throw new Error("the audit journal is closed");
    const segment = this.#current ?? this.#openSegment();
    const line = journalLine(row);
    const bytes = Buffer.from(line);
    try {
      for (let written = 0; written < bytes.length; ) {
        // At an explicit offset: after a write that failed half-way (a full disk), the next line
        // goes over the remains of that one, never after them (see `#cutBack`).
        const offset = segment.bytes + written;
        written += writeSync(segment.fd as number, bytes, written, bytes.length - written, offset);
      }
    } catch (error) {
      this.#cutBack(segment);
      throw error;
    }
    segment.bytes += bytes.length;
    segment.rows++;
    segment.lines?.push(line);
    this.#appended++;
    if (this.#isFull(segment) && (this.#failures > 0 || this.#round)) {
      // A round is running, or the database is failing: the full segment waits its turn in the
      // backlog, and the next rows start a new one, so no segment grows past a batch or so (a
      // segment is read back whole after an outage).
      this.#retire(segment, { keepLines: this.#failures === 0 });
      return;
    }
    // While the database is failing, the retry timer set after the failure decides when to
    // try again (with backoff): appends must not bring the next attempt forward.
    if (this.#failures > 0) return;
    if (this.#isFull(segment)) this.#applyInBackground();
    else this.#timer ??= setTimeout(() => this.#applyInBackground(), this.#flushDelayMs).unref();
  }

  /** Resolves once every row appended before the call is in the database; rejects if it cannot be. */
  async flush(): Promise<void> {
    const target = this.#appended;
    while (this.#applied < target) {
      const before = this.#applied;
      await this.#applyRound();
      // A round that succeeds applies every row that waited when it began; one that applied
      // nothing while nothing waits would mean the counts are wrong: fail, never spin.
      if (this.#applied === before && !this.#hasWaitingRows()) {
        throw new Error(`the audit journal counts ${this.pending} rows as waiting but holds none`);
      }
    }
  }

  /**
   * Applies what is left and releases the directory. Appends throw from now on. If the database
   * cannot take the rows, they stay on disk for the next process and the error is thrown.
   */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#closed = true;
      try {
        await this.flush();
      } finally {
        clearTimeout(this.#timer);
        this.#timer = undefined;
        const current = this.#current;
        if (current) {
          this.#closeSegment(current);
          if (current.rows === 0) this.#deleteSegment(current.path);
        }
        this.#releaseLock();
      }
    })();
    return this.#closing;
  }

  #isFull(segment: Segment): boolean {
    return segment.rows >= this.#maxBatchRows || segment.bytes >= this.#maxBatchBytes;
  }

  #hasWaitingRows(): boolean {
    return this.#backlog.length > 0 || (this.#current?.rows ?? 0) > 0;
  }

  #openSegment(): Segment {
    const path = join(this.#dir, segmentName(this.#nextSeq++));
    const segment: Segment = { path, fd: openSync(path, "wx", 0o600), bytes: 0, rows: 0, lines: [] };
    this.#current = segment;
    return segment;
  }

  #closeSegment(segment: Segment): void {
    if (segment.fd === null) return;
    const fd = segment.fd;
    segment.fd = null;
    try {
      closeSync(fd);
    } catch {
      // Linux releases the descriptor even when close reports an error; the lines written were
      // accepted by the kernel, which is all the journal promises.
    }
  }

  // A write that failed half-way must not leave half a line inside the segment. The next append
  // writes at the end of the last complete line, over the remains; cutting the file back here
  // also removes them if no line follows (if the cut fails, they stay as bytes after the last
  // newline, which a replay reads as a torn tail: a line that no call was answered with).
  #cutBack(segment: Segment): void {
    try {
      ftruncateSync(segment.fd as number, segment.bytes);
    } catch {
      // see above: harmless
    }
  }

  #deleteSegment(path: string): void {
    try {
      unlinkSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
      this.#onProblem({
        kind: "segment_not_deleted",
        message: `${path} is applied but could not be deleted (${errorMessage(error)}); the next start applies it again, which adds nothing`,
        error,
      });
    }
  }

  #applyInBackground(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    // A failure was reported, and the retry scheduled, by the round itself.
    this.#applyRound().catch(() => {});
  }

  /**
   * One round at a time: concurrent callers (the timer, a full segment, a reader's flush, close)
   * share it. What follows a round (the next timer or the retry with backoff) is decided here, so
   * it is the same whoever started the round.
   */
  #applyRound(): Promise<void> {
    this.#round ??= this.#runRound().then(
      () => {
        this.#round = undefined;
        this.#afterSuccess();
      },
      (error: unknown) => {
        this.#round = undefined;
        this.#afterFailure(error);
        throw error;
      },
    );
    return this.#round;
  }

  #afterSuccess(): void {
    if (this.#failures > 0) {
      // The database is back: the retry timer goes, rows go at the normal pace again.
      this.#failures = 0;
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    // Rows appended while the round ran may have joined it too late, and scheduled nothing (a
    // segment retired full just as the round was ending is in the backlog).
    if (this.#closed) return;
    const current = this.#current;
    if (this.#backlog.length > 0 || (current && this.#isFull(current))) this.#applyInBackground();
    else if (current && current.rows > 0) {
      this.#timer ??= setTimeout(() => this.#applyInBackground(), this.#flushDelayMs).unref();
    }
  }

  #afterFailure(error: unknown): void {
    this.#failures++;
    const delay = Math.min(MAX_RETRY_DELAY_MS, this.#flushDelayMs * 2 ** this.#failures);
    this.#onProblem({
      kind: "apply_failed",
      message: `could not apply ${this.pending} journaled executions; retrying in ${delay} ms`,
      error,
    });
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (!this.#closed) this.#timer = setTimeout(() => this.#applyInBackground(), delay).unref();
  }

  /**
   * Moves the current segment to the backlog and starts the next one. The next is opened here
   * rather than by the next append where possible: creating a file costs more than the append.
   * If it cannot be created (no descriptors, a full disk) the next append tries again and tells
   * its caller.
   */
  #retire(segment: Segment, options: { keepLines: boolean }): void {
    this.#closeSegment(segment);
    if (!options.keepLines) segment.lines = null;
    this.#current = null;
    this.#backlog.push(segment);
    if (this.#closed) return;
    try {
      this.#openSegment();
    } catch {
      this.#current = null;
    }
  }

  async #runRound(): Promise<void> {
    const current = this.#current;
    // Appends go on in a new segment while this one is applied.
    if (current && current.rows > 0) this.#retire(current, { keepLines: true });
    while (this.#backlog.length > 0) {
      const segment = this.#backlog[0] as Segment;
      let rejected: SetAside[];
      try {
        if (segment.lines) rejected = await this.#applyLines(segment.lines);
        else {
          const { lines, unreadable } = this.#readBack(segment);
          rejected = [...unreadable, ...(await this.#applyLines(lines))];
        }
      } catch (error) {
        // While the database is out, the waiting rows are kept on disk only: an outage of
        // minutes would otherwise hold every call's arguments and result in memory too.
        for (const waiting of this.#backlog) waiting.lines = null;
        throw error;
      }
      // Kept before the segment goes: a crash in between applies the segment again, at worst
      // setting a row aside twice, never losing one.
      this.#setAside(rejected);
      this.#backlog.shift();
      this.#applied += segment.rows;
      this.#deleteSegment(segment.path);
    }
  }

  /**
   * The row lines of a segment this process wrote, read back from its file. A file someone
   * deleted is reported and its rows counted as gone: waiting for it would block every flush.
   */
  #readBack(segment: Segment): { lines: string[]; unreadable: SetAside[] } {
    try {
      const contents = readSegment(segment.path);
      return { lines: contents.lines, unreadable: unreadableIn(segment.path, contents.unreadable) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      this.#onProblem({
        kind: "segment_missing",
        message: `${segment.path} was deleted before its ${segment.rows} executions reached the database; they are lost`,
        error,
      });
      return { lines: [], unreadable: [] };
    }
  }

  /** Splits lines into batches of at most `maxBatchRows` rows and `maxBatchBytes` of text. */
  *#batches(lines: readonly string[]): Generator<string[]> {
    let batch: string[] = [];
    let size = 0;
    for (const line of lines) {
      if (
        batch.length > 0 &&
        (batch.length >= this.#maxBatchRows || size + line.length > this.#maxBatchBytes)
      ) {
        yield batch;
        batch = [];
        size = 0;
      }
      batch.push(line);
      size += line.length;
    }
    if (batch.length > 0) yield batch;
  }

  /**
   * Applies rows in batches, counting new ones in the replay figures when replaying; returns the
   * rows the database can never take. Throws when the database itself fails (retry later).
   */
  async #applyLines(lines: readonly string[], counted?: AuditJournalReplay): Promise<SetAside[]> {
    const rejected: SetAside[] = [];
    for (const batch of this.#batches(lines)) {
      let recorded = 0;
      try {
        recorded = await recordFinishedRowsJson(this.#db, batch);
      } catch (error) {
        if (!(await isRowsFault(this.#db, error))) throw error;
        // A row spoils the batch's statement: apply them one by one to find it.
        for (const line of batch) {
          try {
            recorded += await recordFinishedRowsJson(this.#db, [line]);
          } catch (rowError) {
            if (!(await isRowsFault(this.#db, rowError))) throw rowError;
            rejected.push({ reason: errorMessage(rowError), rowLine: line, error: rowError });
          }
        }
      }
      if (counted) counted.recorded += recorded;
    }
    return rejected;
  }

  // Nothing the journal accepted is ever dropped: what the database refuses is kept beside it.
  #setAside(entries: readonly SetAside[]): void {
    if (entries.length === 0) return;
    const kept = entries.map((entry) => {
      const { v: _version, ...row } =
        entry.rowLine === undefined ? {} : (JSON.parse(entry.rowLine) as Record<string, unknown>);
      const text = JSON.stringify({
        v: 1,
        reason: entry.reason,
        ...(entry.rowLine === undefined ? {} : { row }),
        ...(entry.unreadable === undefined ? {} : { line: entry.unreadable }),
      });
      return { entry, id: row["id"], text: `${text}\n` };
    });
    appendFileSync(join(this.#dir, REJECTED_FILE), kept.map((k) => k.text).join(""), { mode: 0o600 });
    for (const { entry, id } of kept) {
      this.#onProblem(
        entry.rowLine === undefined
          ? { kind: "line_unreadable", message: `${entry.reason}; kept in ${REJECTED_FILE}` }
          : {
              kind: "row_rejected",
              message: `execution ${String(id)} was refused by the database (${entry.reason}); kept in ${REJECTED_FILE}`,
              error: entry.error,
            },
      );
    }
  }

  async #replayLeftovers(): Promise<void> {
    for (const { seq, path } of listSegments(this.#dir)) {
      this.#nextSeq = Math.max(this.#nextSeq, seq + 1);
      const contents = readSegment(path);
      if (contents.tornTail !== "") {
        this.#onProblem({
          kind: "torn_tail",
          message: `${path} ends in a line whose write never completed (${contents.tornTail.length} bytes); its call was never answered`,
        });
      }
      const rejected = await this.#applyLines(contents.lines, this.#replay);
      this.#setAside([...unreadableIn(path, contents.unreadable), ...rejected]);
      this.#replay.rows += contents.lines.length;
      this.#replay.segments++;
      this.#deleteSegment(path);
    }
  }
}
