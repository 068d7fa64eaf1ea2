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
import { type FinishedExecutionRow, recordFinishedExecutions } from "../access/execution-batch.js";
import type { Database } from "../database.js";
import { acquireJournalLock } from "./journal-lock.js";
import { journalLine, listSegments, readSegment, segmentName } from "./journal-segments.js";

/** Something the journal handled on its own and an operator may want to know about. */
export interface AuditJournalProblem {
  kind: "apply_failed" | "row_rejected" | "line_unreadable" | "torn_tail";
  message: string;
  error?: unknown;
}

/** How to open an audit journal. */
export interface AuditJournalOptions {
  db: Database;
  /** The journal's own directory (created if missing); one process at a time. */
  dir: string;
  /** Apply as soon as this many rows wait (default 512). */
  maxBatchRows?: number;
  /** Apply at most this long after the first waiting row was written, in ms (default 25). */
  flushDelayMs?: number;
  /** Told of failed applies (retried), rejected rows and unreadable lines; default: nothing. */
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
  bytes: number;
  rows: FinishedExecutionRow[];
}

const REJECTED_FILE = "rejected.ndjson";
const MAX_RETRY_DELAY_MS = 30_000;

// 22xxx (data exception) and 23xxx (integrity constraint violation) are about a row's content:
// retrying will not help, so such a row is set aside. Anything else (a lost connection, a
// database restarting) may pass, so the batch stays and is retried.
function isPermanent(error: unknown): boolean {
  const code = String((error as { code?: unknown } | null)?.code ?? "");
  return /^2[23]/.test(code);
}

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
  #failures = 0;
  #closed = false;
  #closing: Promise<void> | undefined;
  #replay: AuditJournalReplay = { segments: 0, rows: 0, recorded: 0 };

  private constructor(options: AuditJournalOptions, releaseLock: () => void) {
    this.#db = options.db;
    this.#dir = options.dir;
    this.#maxBatchRows = options.maxBatchRows ?? 512;
    this.#flushDelayMs = options.flushDelayMs ?? 25;
    this.#onProblem = options.onProblem ?? (() => {});
    this.#releaseLock = releaseLock;
  }

  /**
   * Opens the journal in `options.dir`: takes its lock (throws if another running process holds
   * it), applies every segment an earlier process left, and deletes them.
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
    const line = Buffer.from(journalLine(row));
    try {
      for (let written = 0; written < line.length; ) {
        written += writeSync(segment.fd as number, line, written, line.length - written);
      }
    } catch (error) {
      this.#abandonPartialLine(segment);
      throw error;
    }
    segment.bytes += line.length;
    segment.rows.push(row);
    this.#appended++;
    // While the database is failing, the retry timer set after the failure decides when to
    // try again (with backoff): appends must not bring the next attempt forward.
    if (this.#failures > 0) return;
    if (segment.rows.length >= this.#maxBatchRows) this.#applyInBackground();
    else this.#timer ??= setTimeout(() => this.#applyInBackground(), this.#flushDelayMs).unref();
  }

  /** Resolves once every row appended before the call is in the database; rejects if it cannot be. */
  async flush(): Promise<void> {
    const target = this.#appended;
    while (this.#applied < target) await this.#applyRound();
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
          if (current.rows.length === 0) unlinkSync(current.path);
        }
        this.#releaseLock();
      }
    })();
    return this.#closing;
  }

  #openSegment(): Segment {
    const path = join(this.#dir, segmentName(this.#nextSeq++));
    const segment: Segment = { path, fd: openSync(path, "wx", 0o600), bytes: 0, rows: [] };
    this.#current = segment;
    return segment;
  }

  #closeSegment(segment: Segment): void {
    if (segment.fd === null) return;
    closeSync(segment.fd);
    segment.fd = null;
  }

  // A write that failed half-way (a full disk) must not leave half a line that the next append
  // would continue: cut the file back, or, if even that fails, stop writing to this segment (its
  // half line is then its last bytes, which a replay reads as a torn tail).
  #abandonPartialLine(segment: Segment): void {
    try {
      ftruncateSync(segment.fd as number, segment.bytes);
    } catch {
      this.#closeSegment(segment);
      this.#current = null;
      if (segment.rows.length > 0) this.#backlog.push(segment);
    }
  }

  #applyInBackground(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#applyRound().then(
      () => {},
      (error: unknown) => {
        this.#failures++;
        const delay = Math.min(MAX_RETRY_DELAY_MS, this.#flushDelayMs * 2 ** this.#failures);
        this.#onProblem({
          kind: "apply_failed",
          message: `could not apply ${this.pending} journaled executions; retrying in ${delay} ms`,
          error,
        });
        if (!this.#closed) {
          clearTimeout(this.#timer);
          this.#timer = setTimeout(() => this.#applyInBackground(), delay).unref();
        }
      },
    );
  }

  /** One round at a time: concurrent callers share it. */
  #applyRound(): Promise<void> {
    this.#round ??= this.#runRound().finally(() => {
      this.#round = undefined;
    });
    return this.#round;
  }

  async #runRound(): Promise<void> {
    const current = this.#current;
    if (current && current.rows.length > 0) {
      // Appends go on in a new segment while this one is applied. It is opened here, between
      // requests, rather than by the next append: creating a file costs more than the append.
      this.#closeSegment(current);
      this.#current = null;
      this.#backlog.push(current);
      if (!this.#closed) this.#openSegment();
    }
    while (this.#backlog.length > 0) {
      const segment = this.#backlog[0] as Segment;
      await this.#applyRows(segment.rows);
      this.#backlog.shift();
      unlinkSync(segment.path);
      this.#applied += segment.rows.length;
    }
    if (this.#failures > 0) {
      // The database is back (this round may have been a reader's flush, not the retry): rows
      // appended while it was failing were not scheduled; they go at the normal pace again.
      this.#failures = 0;
      clearTimeout(this.#timer);
      this.#timer = undefined;
      if (this.#current && this.#current.rows.length > 0) {
        this.#timer = setTimeout(() => this.#applyInBackground(), this.#flushDelayMs).unref();
      }
    }
  }

  /** Applies rows in batches; returns how many were new. Throws on a failure worth retrying. */
  async #applyRows(rows: readonly FinishedExecutionRow[]): Promise<number> {
    let recorded = 0;
    for (let start = 0; start < rows.length; start += this.#maxBatchRows) {
      const batch = rows.slice(start, start + this.#maxBatchRows);
      try {
        recorded += await recordFinishedExecutions(this.#db, batch);
      } catch (error) {
        if (!isPermanent(error)) throw error;
        // One row spoils the batch's statement: apply them one by one to find it.
        for (const row of batch) recorded += await this.#applyOneRow(row);
      }
    }
    return recorded;
  }

  async #applyOneRow(row: FinishedExecutionRow): Promise<number> {
    try {
      return await recordFinishedExecutions(this.#db, [row]);
    } catch (error) {
      if (!isPermanent(error)) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      this.#setAside({ reason, row });
      this.#onProblem({
        kind: "row_rejected",
        message: `execution ${row.id} was refused by the database (${reason}); kept in ${REJECTED_FILE}`,
        error,
      });
      return 0;
    }
  }

  // Nothing the journal accepted is ever dropped: what the database refuses is kept beside it.
  #setAside(entry: { reason: string; row?: FinishedExecutionRow; line?: string }): void {
    appendFileSync(join(this.#dir, REJECTED_FILE), `${JSON.stringify({ v: 1, ...entry })}\n`, {
      mode: 0o600,
    });
  }

  async #replayLeftovers(): Promise<void> {
    const segments = listSegments(this.#dir);
    for (const { seq, path } of segments) {
      const contents = readSegment(path);
      for (const line of contents.unreadable) {
        this.#setAside({ reason: "unreadable journal line", line });
        this.#onProblem({
          kind: "line_unreadable",
          message: `an unreadable line in ${path} was kept in ${REJECTED_FILE}`,
        });
      }
      if (contents.tornTail !== "") {
        this.#onProblem({
          kind: "torn_tail",
          message: `${path} ends in a line whose write never completed (${contents.tornTail.length} bytes); its call was never answered`,
        });
      }
      this.#replay.recorded += await this.#applyRows(contents.rows);
      this.#replay.rows += contents.rows.length;
      this.#replay.segments++;
      unlinkSync(path);
      this.#nextSeq = Math.max(this.#nextSeq, seq + 1);
    }
  }
}
