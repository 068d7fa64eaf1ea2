import type { Dirent } from "node:fs";
import { readdir } from "node:fs/promises";
import { join } from "node:path";

/** What an entry is, from its directory entry alone (symlinks are never followed by walks). */
export type EntryKind = "file" | "directory" | "symlink" | "other";

/** One entry met by {@link walk}. */
export interface WalkEntry {
  /** Absolute path under the walk's real start directory. */
  absolute: string;
  /** Path relative to the start directory, `/`-separated. */
  relative: string;
  name: string;
  kind: EntryKind;
  /** 1 for the start directory's children. */
  depth: number;
}

/** Bounds and hooks of a walk. */
export interface WalkOptions<C> {
  /** Stop after visiting this many entries. */
  maxVisited: number;
  /** Do not descend below this depth. */
  maxDepth: number;
  signal?: AbortSignal;
  /** Per-directory state (for example `.gitignore` rules), computed when a directory is entered. */
  context: C;
  enter?: (directory: { absolute: string; relative: string }, parent: C) => C | Promise<C>;
}

/** How a walk ended. */
export interface WalkSummary {
  visited: number;
  /** True when a cap stopped the walk (visited entries or depth) or the visitor stopped it. */
  truncated: boolean;
  /** Directories that could not be read (permissions, vanished), skipped. */
  unreadable: number;
}

/**
 * Called for every entry: returning `"skip"` does not descend into a directory (or excludes it),
 * `"stop"` ends the walk, `undefined` continues.
 */
export type Visitor<C> = (entry: WalkEntry, context: C) => "skip" | "stop" | undefined;

const PREFETCH = 8;

interface Frame<C> {
  absolute: string;
  relative: string;
  depth: number;
  context: C;
  listing?: Promise<Dirent[] | undefined>;
}

function kindOf(dirent: Dirent): EntryKind {
  if (dirent.isFile()) return "file";
  if (dirent.isDirectory()) return "directory";
  if (dirent.isSymbolicLink()) return "symlink";
  return "other";
}

function list(absolute: string): Promise<Dirent[] | undefined> {
  return readdir(absolute, { withFileTypes: true }).then(
    (entries) => entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    () => undefined,
  );
}

/**
 * Walks a directory iteratively (an explicit stack, no recursion): each directory's entries in
 * name order, then its subdirectories depth-first,
 * reading a few directories ahead in parallel. It never follows symlinks: a link is reported as
 * `symlink` and not entered, so a walk cannot leave the real start directory or loop. Bounded by
 * `maxVisited` and `maxDepth`.
 *
 * @example
 * ```ts
 * await walk("/srv/data", { maxVisited: 1e6, maxDepth: 64, context: undefined }, (entry) => {
 *   if (entry.name === "node_modules") return "skip";
 * });
 * ```
 */
export async function walk<C>(
  start: string,
  options: WalkOptions<C>,
  visit: Visitor<C>,
): Promise<WalkSummary> {
  const summary: WalkSummary = { visited: 0, truncated: false, unreadable: 0 };
  const stack: Frame<C>[] = [{ absolute: start, relative: "", depth: 0, context: options.context }];
  while (stack.length > 0) {
    if (options.signal?.aborted) throw options.signal.reason;
    const frame = stack.pop()!;
    for (let i = stack.length - 1; i >= Math.max(0, stack.length - PREFETCH); i--) {
      const ahead = stack[i]!;
      ahead.listing ??= list(ahead.absolute);
    }
    const entries = await (frame.listing ?? list(frame.absolute));
    if (entries === undefined) {
      summary.unreadable++;
      continue;
    }
    const context = options.enter
      ? await options.enter({ absolute: frame.absolute, relative: frame.relative }, frame.context)
      : frame.context;
    const children: Frame<C>[] = [];
    for (const dirent of entries) {
      if (summary.visited >= options.maxVisited) {
        summary.truncated = true;
        return summary;
      }
      summary.visited++;
      const entry: WalkEntry = {
        absolute: join(frame.absolute, dirent.name),
        relative: frame.relative === "" ? dirent.name : `${frame.relative}/${dirent.name}`,
        name: dirent.name,
        kind: kindOf(dirent),
        depth: frame.depth + 1,
      };
      const verdict = visit(entry, context);
      if (verdict === "stop") {
        summary.truncated = true;
        return summary;
      }
      if (entry.kind !== "directory" || verdict === "skip") continue;
      if (entry.depth >= options.maxDepth) {
        summary.truncated = true;
        continue;
      }
      children.push({ absolute: entry.absolute, relative: entry.relative, depth: entry.depth, context });
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return summary;
}
