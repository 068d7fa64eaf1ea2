import picomatch from "picomatch";
import { FsError } from "./errors.js";

/** Tests an entry by its path relative to the walk's start and by its name. */
export type EntryMatcher = (relative: string, name: string) => boolean;

/**
 * Compiles a glob (picomatch syntax, dotfiles included). A pattern without `/` matches an entry's
 * name at any depth (`*.ts`, `node_modules`), as in `.gitignore`; a pattern with `/` matches the
 * path relative to the start directory (`src/**\/*.ts`).
 *
 * @example
 * ```ts
 * const isTs = compileGlob("*.ts");
 * isTs("src/a.ts", "a.ts"); // true
 * ```
 */
export function compileGlob(pattern: string): EntryMatcher {
  if (pattern.trim() === "") throw new FsError("INVALID_PATTERN", "Glob pattern is empty");
  let matcher: (input: string) => boolean;
  try {
    matcher = picomatch(pattern, { dot: true });
  } catch (error) {
    throw new FsError(
      "INVALID_PATTERN",
      `Invalid glob ${JSON.stringify(pattern)}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  if (pattern.includes("/")) return (relative) => matcher(relative);
  return (_relative, name) => matcher(name);
}

/**
 * One matcher true when any pattern matches (false for an empty list).
 *
 * @example
 * ```ts
 * const excluded = compileAny(["node_modules", "*.log"]);
 * ```
 */
export function compileAny(patterns: readonly string[] | undefined): EntryMatcher {
  const matchers = (patterns ?? []).filter((pattern) => pattern.trim() !== "").map(compileGlob);
  if (matchers.length === 0) return () => false;
  return (relative, name) => matchers.some((matcher) => matcher(relative, name));
}
