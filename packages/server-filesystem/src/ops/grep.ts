import { Worker } from "node:worker_threads";
import ignore, { type Ignore } from "ignore";
import type { FsContext } from "../context.js";
import { FsError } from "../errors.js";
import { compileAny, compileGlob } from "../globs.js";
import { GREP_WORKER_SOURCE } from "../grep-worker-source.js";
import { openForRead } from "../safe-io.js";
import type { Sandbox } from "../sandbox.js";
import { walk } from "../walk.js";

/** Arguments of {@link grep}. */
export interface GrepArgs {
  /** A file or a directory to search under. */
  path: unknown;
  /** JavaScript regular expression, matched line by line. */
  pattern: string;
  ignoreCase?: boolean;
  /** Only files whose name (or relative path, with `/`) matches this glob. */
  include?: string;
  excludePatterns?: readonly string[];
  /** Lines of context before and after each match (0 to 20). */
  contextLines?: number;
  /** Stop after this many matches (at most the server's `maxResults`). */
  maxMatches?: number;
  /** Skip what `.gitignore` files (and the `.git` directory) exclude. */
  respectGitignore?: boolean;
}

/** One matching line. */
export interface GrepMatch {
  path: string;
  line: number;
  column: number;
  text: string;
  before: string[];
  after: string[];
}

/** What {@link grep} found and how much it looked at. */
export interface GrepResult {
  path: string;
  matches: GrepMatch[];
  filesSearched: number;
  filesMatched: number;
  /** Files skipped: binary (a NUL byte early on), over `maxFileSize`, or unreadable. */
  skipped: { binary: number; tooLarge: number; unreadable: number };
  /** True when the match cap, a walk cap or the time budget cut the search short. */
  truncated: boolean;
  /** True when the time budget ran out (the worker running the pattern was stopped). */
  timedOut: boolean;
}

interface WorkerReply {
  matches: GrepMatch[];
  searched: number;
  matched: number;
  binary: number;
  tooLarge: number;
  unreadable: number;
  done: boolean;
}

interface IgnoreLevel {
  base: string;
  rules: Ignore;
}

const BATCH = 256;
const MAX_LINE_LENGTH = 1_000;

function compilePattern(pattern: string, ignoreCase: boolean | undefined): string {
  const extra = ignoreCase ? "i" : "";
  // Unicode mode first (\p{L} and friends work); patterns only valid without it (such as the
  // common needless escape `\-`) still run, as they would in most grep-like tools.
  for (const flags of [`u${extra}`, extra]) {
    try {
      new RegExp(pattern, flags);
      return flags;
    } catch (error) {
      if (flags === extra) {
        throw new FsError("INVALID_PATTERN", `Invalid regular expression: ${(error as Error).message}`, {
          cause: error,
        });
      }
    }
  }
  /* v8 ignore next */
  throw new FsError("INVALID_PATTERN", "Invalid regular expression");
}

async function readGitignore(sandbox: Sandbox, directory: string): Promise<Ignore | undefined> {
  const file = `${directory}/.gitignore`;
  try {
    const resolved = await sandbox.resolveFile(file);
    const handle = await openForRead(sandbox, resolved.real, file);
    try {
      return ignore().add(await handle.readFile("utf8"));
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
}

function ignoredBy(levels: readonly IgnoreLevel[], relative: string, isDirectory: boolean): boolean {
  for (const level of levels) {
    const local = level.base === "" ? relative : relative.slice(level.base.length + 1);
    if (level.rules.ignores(isDirectory ? `${local}/` : local)) return true;
  }
  return false;
}

/**
 * Searches file contents with a regular expression, line by line, with context lines and a match
 * cap. Reading and matching run in a worker thread under a time budget (`grepTimeoutMs`): a
 * pattern that backtracks catastrophically is stopped and the result says `timedOut`. Binary files
 * and files over `maxFileSize` are skipped; symlinks are never followed.
 *
 * @example
 * ```ts
 * const { matches } = await grep(context, { path: "/srv/repo", pattern: "TODO\\(", contextLines: 2, respectGitignore: true });
 * ```
 */
export async function grep(context: FsContext, args: GrepArgs): Promise<GrepResult> {
  const { sandbox, limits } = context;
  const flags = compilePattern(args.pattern, args.ignoreCase);
  const start = await sandbox.resolveExisting(args.path);
  const maxMatches = Math.max(1, Math.min(args.maxMatches ?? limits.maxResults, limits.maxResults));
  const contextLines = Math.max(0, Math.min(args.contextLines ?? 0, 20));
  const include = args.include ? compileGlob(args.include) : () => true;
  const excluded = compileAny(args.excludePatterns);
  const result: GrepResult = {
    path: start.path,
    matches: [],
    filesSearched: 0,
    filesMatched: 0,
    skipped: { binary: 0, tooLarge: 0, unreadable: 0 },
    truncated: false,
    timedOut: false,
  };
  const worker = new Worker(GREP_WORKER_SOURCE, {
    eval: true,
    workerData: {
      source: args.pattern,
      flags,
      roots: sandbox.roots,
      contextLines,
      maxMatches,
      maxFileSize: limits.maxFileSize,
      maxLineLength: MAX_LINE_LENGTH,
    },
  });
  let pending = 0;
  let finished = false;
  let walkDone = false;
  let settle!: () => void;
  let fail!: (error: Error) => void;
  const drained = new Promise<void>((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });
  drained.catch(() => undefined);
  // Done only when the walk has ended AND every batch sent has been answered: the worker may
  // answer all batches sent so far while the walk is still producing more.
  const check = () => {
    if (walkDone && pending === 0) settle();
  };
  worker.on("message", (reply: WorkerReply) => {
    pending--;
    result.matches.push(...reply.matches);
    result.filesSearched += reply.searched;
    result.filesMatched += reply.matched;
    result.skipped.binary += reply.binary;
    result.skipped.tooLarge += reply.tooLarge;
    result.skipped.unreadable += reply.unreadable;
    if (reply.done) finished = true;
    check();
  });
  worker.on("error", (error) => fail(error));
  const send = (paths: string[]) => {
    pending++;
    worker.postMessage(paths);
  };
  const timer = setTimeout(() => {
    result.timedOut = true;
    settle();
  }, limits.grepTimeoutMs);
  try {
    if (start.stats.isFile()) {
      send([start.real]);
    } else if (start.stats.isDirectory()) {
      let batch: string[] = [];
      const summary = await walk<IgnoreLevel[]>(
        start.real,
        {
          maxVisited: limits.maxWalkEntries,
          maxDepth: limits.maxDepth,
          context: [],
          enter: async (directory, parent) => {
            if (!args.respectGitignore) return parent;
            const rules = await readGitignore(sandbox, directory.absolute);
            return rules ? [...parent, { base: directory.relative, rules }] : parent;
          },
        },
        (entry, levels) => {
          if (finished || result.timedOut) return "stop";
          if (excluded(entry.relative, entry.name)) return "skip";
          if (args.respectGitignore) {
            if (entry.name === ".git" && entry.kind === "directory") return "skip";
            if (ignoredBy(levels, entry.relative, entry.kind === "directory")) return "skip";
          }
          if (entry.kind !== "file" || !include(entry.relative, entry.name)) return undefined;
          batch.push(entry.absolute);
          if (batch.length >= BATCH) {
            send(batch);
            batch = [];
          }
          return undefined;
        },
      );
      if (batch.length > 0) send(batch);
      if (summary.truncated) result.truncated = true;
    } else {
      throw new FsError("NOT_A_FILE", `Not a file or directory: ${start.path}`);
    }
    walkDone = true;
    check();
    await drained;
  } finally {
    clearTimeout(timer);
    await worker.terminate();
  }
  const prefix = start.real;
  for (const match of result.matches) {
    if (match.path === prefix) match.path = start.path;
    else if (match.path.startsWith(`${prefix}/`)) match.path = start.path + match.path.slice(prefix.length);
  }
  if (finished || result.timedOut) result.truncated = true;
  return result;
}
