/**
 * Local (non-wire) errors of the filesystem server. Each carries a string `code` so callers and
 * tests can branch on the reason without parsing messages; the server turns them into tool
 * results with `isError: true`, never into JSON-RPC errors.
 */

const BRAND = Symbol.for("@mcp/server-filesystem/FsError");

/** Why a filesystem operation was refused or failed. */
export type FsErrorCode =
  | "INVALID_PATH"
  | "OUTSIDE_ROOTS"
  | "SYMLINK_REFUSED"
  | "NOT_FOUND"
  | "ALREADY_EXISTS"
  | "NOT_A_FILE"
  | "NOT_A_DIRECTORY"
  | "NOT_EMPTY"
  | "TOO_LARGE"
  | "READ_ONLY"
  | "EDIT_FAILED"
  | "INVALID_PATTERN"
  | "BUDGET_EXCEEDED"
  | "IO";

/**
 * An error raised by a sandboxed filesystem operation. Messages name only the path the caller
 * gave, never where a symlink outside the sandbox points.
 *
 * @example
 * ```ts
 * try { await sandbox.resolveExisting("/etc/passwd"); }
 * catch (error) { if (isFsError(error) && error.code === "OUTSIDE_ROOTS") console.log(error.message); }
 * ```
 */
export class FsError extends Error {
  readonly code: FsErrorCode;
  readonly [BRAND] = true;

  constructor(code: FsErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "FsError";
    this.code = code;
  }
}

/**
 * Recognises an {@link FsError}, also across duplicate copies of this package.
 *
 * @example
 * ```ts
 * if (isFsError(error)) console.log(error.code);
 * ```
 */
export function isFsError(value: unknown): value is FsError {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

/** Maps a Node errno error to an FsError about `shown` (the caller's path), keeping the cause. */
export function fromNodeError(error: unknown, shown: string): FsError {
  if (isFsError(error)) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case "ENOENT":
      return new FsError("NOT_FOUND", `No such file or directory: ${shown}`, { cause: error });
    case "EEXIST":
      return new FsError("ALREADY_EXISTS", `Already exists: ${shown}`, { cause: error });
    case "ENOTDIR":
      return new FsError("NOT_A_DIRECTORY", `Not a directory: ${shown}`, { cause: error });
    case "EISDIR":
      return new FsError("NOT_A_FILE", `Is a directory: ${shown}`, { cause: error });
    case "ENOTEMPTY":
      return new FsError("NOT_EMPTY", `Directory not empty: ${shown}`, { cause: error });
    case "ELOOP":
      return new FsError("SYMLINK_REFUSED", `Too many levels of symbolic links: ${shown}`, { cause: error });
    case "ENAMETOOLONG":
      return new FsError("INVALID_PATH", `Path too long: ${shown}`, { cause: error });
    case "EACCES":
    case "EPERM":
      return new FsError("IO", `Permission denied: ${shown}`, { cause: error });
    default:
      return new FsError("IO", `Filesystem error (${code ?? "unknown"}) on ${shown}`, { cause: error });
  }
}
