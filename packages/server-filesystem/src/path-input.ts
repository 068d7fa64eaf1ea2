import { homedir } from "node:os";
import { isAbsolute, normalize, resolve } from "node:path";
import { FsError } from "./errors.js";

/** Linux PATH_MAX and NAME_MAX, in bytes. */
const MAX_PATH_BYTES = 4096;
const MAX_NAME_BYTES = 255;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const WINDOWS_DRIVE = /^[a-zA-Z]:([\\/]|$)/;

/** Options for {@link parsePathInput}. */
export interface PathInputOptions {
  /** Directory a relative path is resolved against (the first allowed root). */
  base: string;
  /** Platform to judge Windows-style paths by; defaults to `process.platform`. */
  platform?: NodeJS.Platform;
}

/**
 * Checks a path as a client sent it and makes it absolute, before anything touches the disk.
 * Refused with `INVALID_PATH`: non-strings, empty or blank paths, NUL bytes, text that is not
 * valid UTF-8 (lone surrogates), Windows-style paths on POSIX (drive letters, backslashes, UNC),
 * any `..` segment, names longer than 255 bytes and paths longer than 4096 bytes. `~` and `~/x`
 * expand to the home directory; other relative paths resolve against `options.base`.
 *
 * @example
 * ```ts
 * parsePathInput("notes/a.txt", { base: "/srv/data" }); // "/srv/data/notes/a.txt"
 * parsePathInput("../etc", { base: "/srv/data" });      // throws FsError INVALID_PATH
 * ```
 */
export function parsePathInput(raw: unknown, options: PathInputOptions): string {
  if (typeof raw !== "string") throw new FsError("INVALID_PATH", "Path must be a string");
  if (raw.trim() === "") throw new FsError("INVALID_PATH", "Path is empty");
  const shown = JSON.stringify(raw.length > 200 ? `${raw.slice(0, 200)}…` : raw);
  if (raw.includes("\0")) throw new FsError("INVALID_PATH", `Path contains a NUL byte: ${shown}`);
  if (LONE_SURROGATE.test(raw)) {
    throw new FsError("INVALID_PATH", `Path is not valid UTF-8 (unpaired surrogate): ${shown}`);
  }
  const platform = options.platform ?? process.platform;
  if (platform !== "win32" && (WINDOWS_DRIVE.test(raw) || raw.includes("\\"))) {
    throw new FsError(
      "INVALID_PATH",
      `Windows-style path on ${platform} (drive letter or backslash): ${shown}; use forward slashes`,
    );
  }
  const segments = raw.split(platform === "win32" ? /[\\/]/ : "/");
  if (segments.includes("..")) {
    throw new FsError("INVALID_PATH", `Path contains a '..' segment: ${shown}`);
  }
  if (Buffer.byteLength(raw, "utf8") > MAX_PATH_BYTES) {
    throw new FsError("INVALID_PATH", `Path is longer than ${MAX_PATH_BYTES} bytes`);
  }
  for (const segment of segments) {
    if (Buffer.byteLength(segment, "utf8") > MAX_NAME_BYTES) {
      throw new FsError("INVALID_PATH", `A path segment is longer than ${MAX_NAME_BYTES} bytes: ${shown}`);
    }
  }
  let expanded = raw;
  if (raw === "~" || raw.startsWith("~/")) expanded = homedir() + raw.slice(1);
  const absolute = isAbsolute(expanded) ? normalize(expanded) : resolve(options.base, expanded);
  // normalize() keeps a trailing separator; drop it so "dir/" and "dir" are the same path.
  return absolute.length > 1 && absolute.endsWith("/") ? absolute.slice(0, -1) : absolute;
}
