/** Caps that bound every operation; all configurable from options and the command line. */
export interface FsLimits {
  /** Largest file read, edited or written, in bytes (default 10 MB). */
  maxFileSize: number;
  /** Most entries one listing or `directory_tree` returns (default 10,000). */
  maxEntries: number;
  /** Most results `search_files` or matches `grep` returns (default 1,000). */
  maxResults: number;
  /** Most directory entries a walk (search, tree, grep) visits before it stops (default 1,000,000). */
  maxWalkEntries: number;
  /** Deepest directory level a walk descends to (default 64). */
  maxDepth: number;
  /** Wall-clock budget of one `grep` call in milliseconds (default 10,000). */
  grepTimeoutMs: number;
  /** Most files one `read_multiple_files` call reads (default 100). */
  maxReadFiles: number;
}

/**
 * The default caps.
 *
 * @example
 * ```ts
 * const limits = { ...DEFAULT_LIMITS, maxFileSize: 1024 * 1024 };
 * ```
 */
export const DEFAULT_LIMITS: Readonly<FsLimits> = Object.freeze({
  maxFileSize: 10 * 1024 * 1024,
  maxEntries: 10_000,
  maxResults: 1_000,
  maxWalkEntries: 1_000_000,
  maxDepth: 64,
  grepTimeoutMs: 10_000,
  maxReadFiles: 100,
});
