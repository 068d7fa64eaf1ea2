import type { FsContext } from "../context.js";
import { compileAny, compileGlob } from "../globs.js";
import { walk } from "../walk.js";

/** Paths whose names match a glob. */
export interface SearchResult {
  path: string;
  /** Matching paths, under the directory as the caller named it, in walk order (see `walk`). */
  matches: string[];
  /** True when `maxResults` or a walk cap cut the search short. */
  truncated: boolean;
  /** Entries looked at. */
  visited: number;
}

/**
 * Finds files and directories under `path` whose name (pattern without `/`) or relative path
 * (pattern with `/`) matches a glob, skipping `excludePatterns` and their subtrees. Symlinks are
 * matched by name but never entered.
 *
 * @example
 * ```ts
 * const { matches } = await searchFiles(context, { path: "/srv/data", pattern: "*.md", excludePatterns: ["node_modules"] });
 * ```
 */
export async function searchFiles(
  context: FsContext,
  args: { path: unknown; pattern: string; excludePatterns?: readonly string[] },
): Promise<SearchResult> {
  const { limits } = context;
  const directory = await context.sandbox.resolveDirectory(args.path);
  const matches = compileGlob(args.pattern);
  const excluded = compileAny(args.excludePatterns);
  const found: string[] = [];
  const base = directory.path === "/" ? "" : directory.path;
  const summary = await walk(
    directory.real,
    { maxVisited: limits.maxWalkEntries, maxDepth: limits.maxDepth, context: undefined },
    (entry) => {
      if (excluded(entry.relative, entry.name)) return "skip";
      if (matches(entry.relative, entry.name)) {
        if (found.length >= limits.maxResults) return "stop";
        found.push(`${base}/${entry.relative}`);
      }
      return undefined;
    },
  );
  return { path: directory.path, matches: found, truncated: summary.truncated, visited: summary.visited };
}
