/**
 * Source of the worker thread that reads files and runs the user's regular expression. It runs in
 * a worker so that a catastrophically backtracking pattern can be stopped: the main thread
 * terminates the worker when the time budget runs out, which interrupts even a running match.
 * Kept as plain CommonJS text (an `eval` worker) so it needs no separate build entry.
 *
 * Protocol: workerData = { source, flags, roots, contextLines, maxMatches, maxFileSize, maxLineLength }.
 * Each message is an array of absolute file paths; each reply is
 * { matches, searched, matched, binary, tooLarge, unreadable, done }.
 */
export const GREP_WORKER_SOURCE = String.raw`
"use strict";
const { parentPort, workerData } = require("node:worker_threads");
const fs = require("node:fs");
const { source, flags, roots, contextLines, maxFileSize, maxLineLength } = workerData;
let remaining = workerData.maxMatches;
const lineRe = new RegExp(source, flags);
const fileRe = new RegExp(source, flags + "m");
// O_NONBLOCK: a FIFO planted in place of a file must not block the worker (reads fail instead).
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW || 0) | (fs.constants.O_NONBLOCK || 0);
// One buffer reused for every file (grown as needed, at most about 2 x maxFileSize): no fstat and
// no allocation per file, which dominated the per-file cost.
let shared = Buffer.allocUnsafe(1 << 20);
const readAll = (fd) => {
  let length = 0;
  for (;;) {
    if (length === shared.length) {
      const bigger = Buffer.allocUnsafe(shared.length * 2);
      shared.copy(bigger, 0, 0, length);
      shared = bigger;
    }
    const n = fs.readSync(fd, shared, length, shared.length - length, null);
    if (n === 0) return length;
    length += n;
    if (length > maxFileSize) return -1;
  }
};
const inside = (p) => roots.some((r) => p === r || p.startsWith(r.endsWith("/") ? r : r + "/"));
const clip = (s) => (s.length > maxLineLength ? s.slice(0, maxLineLength) + "…" : s);
const strip = (s) => (s.endsWith("\r") ? s.slice(0, -1) : s);
parentPort.on("message", (paths) => {
  const reply = { matches: [], searched: 0, matched: 0, binary: 0, tooLarge: 0, unreadable: 0, done: false };
  for (const path of paths) {
    if (remaining <= 0) break;
    let fd;
    try {
      fd = fs.openSync(path, OPEN_FLAGS);
    } catch {
      reply.unreadable++;
      continue;
    }
    let length;
    try {
      let actual;
      try { actual = fs.readlinkSync("/proc/self/fd/" + fd); } catch { actual = path; }
      if (!inside(actual)) { reply.unreadable++; continue; }
      length = readAll(fd);
    } catch {
      reply.unreadable++;
      continue;
    } finally {
      fs.closeSync(fd);
    }
    if (length < 0) { reply.tooLarge++; continue; }
    if (shared.subarray(0, Math.min(length, 8000)).includes(0)) { reply.binary++; continue; }
    reply.searched++;
    const text = shared.toString("utf8", 0, length);
    if (!fileRe.test(text)) continue;
    const lines = text.split("\n");
    let found = false;
    for (let i = 0; i < lines.length && remaining > 0; i++) {
      const line = strip(lines[i]);
      const m = lineRe.exec(line);
      if (m === null) continue;
      found = true;
      remaining--;
      const before = [];
      const after = [];
      for (let j = Math.max(0, i - contextLines); j < i; j++) before.push(clip(strip(lines[j])));
      for (let j = i + 1; j <= Math.min(lines.length - 1, i + contextLines); j++) after.push(clip(strip(lines[j])));
      reply.matches.push({ path, line: i + 1, column: m.index + 1, text: clip(line), before, after });
    }
    if (found) reply.matched++;
  }
  reply.done = remaining <= 0;
  parentPort.postMessage(reply);
});
`;
