import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type FinishedExecutionRow, finishedRowJson } from "../access/execution-batch.js";

// A journal is a directory of segment files, each a run of newline-terminated JSON lines, one
// finished execution per line, written in order and never rewritten. A segment is deleted once
// every row in it is in the database.

const SEGMENT = /^segment-(\d{12})\.ndjson$/;

/** The file name of segment `seq`; names sort in sequence order. */
export function segmentName(seq: number): string {
  return `segment-${String(seq).padStart(12, "0")}.ndjson`;
}

/** The segments in `dir`, oldest first. */
export function listSegments(dir: string): { seq: number; path: string }[] {
  const segments: { seq: number; path: string }[] = [];
  for (const name of readdirSync(dir)) {
    const match = SEGMENT.exec(name);
    if (match?.[1]) segments.push({ seq: Number(match[1]), path: join(dir, name) });
  }
  return segments.sort((a, b) => a.seq - b.seq);
}

/**
 * One journal line: the format version and the row, its arguments and result as JSON values
 * (not strings holding JSON, which would escape every quote in them).
 */
export function journalLine(row: FinishedExecutionRow): string {
  return `{"v":1,${finishedRowJson(row).slice(1)}\n`;
}

const ROW_TEXT_FIELDS = ["id", "tenantId", "serverId", "toolName", "status", "startedAt", "finishedAt"];

// A line is a row if it has the version and the shape `journalLine` writes; the database checks
// the rest (a row it refuses is set aside, never dropped).
function isRowLine(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  const line = value as Record<string, unknown>;
  return (
    line["v"] === 1 &&
    ROW_TEXT_FIELDS.every((key) => typeof line[key] === "string") &&
    typeof line["attempts"] === "number" &&
    typeof line["durationMs"] === "number"
  );
}

/** What a segment file holds. */
export interface SegmentContents {
  /** The rows, each as its journal line (the JSON of `finishedRowJson` plus the version key). */
  lines: string[];
  /** Complete lines that are not rows (kept aside by the journal, never dropped silently). */
  unreadable: string[];
  /**
   * The bytes after the last newline: a line whose write never completed. Its call was never
   * answered from this journal (the write returns before the answer), so it is not a row.
   */
  tornTail: string;
}

/** Reads a segment written by a process that is gone. */
export function readSegment(path: string): SegmentContents {
  const text = readFileSync(path, "utf8");
  const end = text.lastIndexOf("\n") + 1;
  const contents: SegmentContents = { lines: [], unreadable: [], tornTail: text.slice(end) };
  for (const line of text.slice(0, end).split("\n")) {
    if (line === "") continue;
    let isRow = false;
    try {
      isRow = isRowLine(JSON.parse(line));
    } catch {
      isRow = false;
    }
    if (isRow) contents.lines.push(line);
    else contents.unreadable.push(line);
  }
  return contents;
}
