import type { FileHandle } from "node:fs/promises";
import type { FsContext } from "../context.js";
import { FsError } from "../errors.js";
import { mimeTypeOf } from "../mime.js";
import { openForRead } from "../safe-io.js";

const CHUNK = 64 * 1024;

/** A text file's content. */
export interface TextFileResult {
  path: string;
  content: string;
}

async function withFile<T>(
  context: FsContext,
  raw: unknown,
  use: (handle: FileHandle, info: { path: string; size: number }) => Promise<T>,
): Promise<T> {
  const { sandbox } = context;
  const file = await sandbox.resolveFile(raw);
  const handle = await openForRead(sandbox, file.real, file.path);
  try {
    const stats = await handle.stat();
    return await use(handle, { path: file.path, size: stats.size });
  } finally {
    await handle.close();
  }
}

function assertSize(path: string, size: number, max: number): void {
  if (size > max) {
    throw new FsError("TOO_LARGE", `${path} is ${size} bytes, over the ${max}-byte limit; use head or tail`);
  }
}

/**
 * Reads a whole text file (UTF-8), refusing files over `maxFileSize`.
 *
 * @example
 * ```ts
 * const { content } = await readFile(context, "/srv/data/a.txt");
 * ```
 */
export async function readFile(context: FsContext, raw: unknown): Promise<TextFileResult> {
  return withFile(context, raw, async (handle, { path, size }) => {
    assertSize(path, size, context.limits.maxFileSize);
    return { path, content: await handle.readFile("utf8") };
  });
}

/**
 * Reads a text file, or only its first `head` or last `tail` lines. Head and tail read only as
 * much of the file as they need (from the start or from the end), so they work on files larger
 * than `maxFileSize` as long as the lines returned fit under it.
 *
 * @example
 * ```ts
 * const { content } = await readTextFile(context, { path: "/srv/data/log.txt", tail: 20 });
 * ```
 */
export async function readTextFile(
  context: FsContext,
  args: { path: unknown; head?: number; tail?: number },
): Promise<TextFileResult> {
  if (args.head !== undefined && args.tail !== undefined) {
    throw new FsError("INVALID_PATTERN", "Give either head or tail, not both");
  }
  if (args.head === undefined && args.tail === undefined) return readFile(context, args.path);
  const max = context.limits.maxFileSize;
  return withFile(context, args.path, async (handle, { path, size }) => {
    const content =
      args.head !== undefined
        ? await readHead(handle, args.head, max)
        : await readTail(handle, size, args.tail!, max);
    return { path, content };
  });
}

async function readHead(handle: FileHandle, lines: number, max: number): Promise<string> {
  if (lines <= 0) return "";
  const chunks: Buffer[] = [];
  let total = 0;
  let newlines = 0;
  for (;;) {
    const buffer = Buffer.allocUnsafe(CHUNK);
    const { bytesRead } = await handle.read(buffer, 0, CHUNK, total);
    if (bytesRead === 0) break;
    const chunk = buffer.subarray(0, bytesRead);
    chunks.push(chunk);
    total += bytesRead;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) newlines++;
    if (newlines >= lines) break;
    if (total > max) throw new FsError("TOO_LARGE", `The first ${lines} lines are longer than ${max} bytes`);
  }
  return Buffer.concat(chunks).toString("utf8").split("\n").slice(0, lines).join("\n");
}

async function readTail(handle: FileHandle, size: number, lines: number, max: number): Promise<string> {
  if (lines <= 0 || size === 0) return "";
  const chunks: Buffer[] = [];
  let position = size;
  let newlines = 0;
  // A trailing newline ends the last line rather than starting an empty one.
  const last = Buffer.alloc(1);
  await handle.read(last, 0, 1, size - 1);
  const needed = last[0] === 10 ? lines + 1 : lines;
  while (position > 0 && newlines < needed) {
    const length = Math.min(CHUNK, position);
    position -= length;
    const buffer = Buffer.allocUnsafe(length);
    await handle.read(buffer, 0, length, position);
    chunks.unshift(buffer);
    for (let i = buffer.indexOf(10); i !== -1; i = buffer.indexOf(10, i + 1)) newlines++;
    if (size - position > max && newlines < needed) {
      throw new FsError("TOO_LARGE", `The last ${lines} lines are longer than ${max} bytes`);
    }
  }
  const text = Buffer.concat(chunks).toString("utf8");
  const all = text.split("\n");
  if (last[0] === 10) all.pop();
  return all.slice(-lines).join("\n");
}

/** A media file as base64 with its MIME type, and how MCP should carry it. */
export interface MediaFileResult {
  path: string;
  mimeType: string;
  /** `image` and `audio` become image/audio content; anything else an embedded blob resource. */
  kind: "image" | "audio" | "blob";
  data: string;
  size: number;
}

/**
 * Reads a file as base64 with a MIME type guessed from its extension.
 *
 * @example
 * ```ts
 * const media = await readMediaFile(context, "/srv/data/logo.png"); // kind "image"
 * ```
 */
export async function readMediaFile(context: FsContext, raw: unknown): Promise<MediaFileResult> {
  return withFile(context, raw, async (handle, { path, size }) => {
    assertSize(path, size, context.limits.maxFileSize);
    const mimeType = mimeTypeOf(path);
    const kind = mimeType.startsWith("image/") ? "image" : mimeType.startsWith("audio/") ? "audio" : "blob";
    const data = (await handle.readFile()).toString("base64");
    return { path, mimeType, kind, data, size };
  });
}

/** One file of {@link readMultipleFiles}: its content or why it failed. */
export type MultipleFileResult = { path: string; content: string } | { path: string; error: string };

/**
 * Reads several text files; a file that fails carries its error and the others are still read.
 *
 * @example
 * ```ts
 * const { files } = await readMultipleFiles(context, ["/srv/data/a.txt", "/srv/data/missing"]);
 * ```
 */
export async function readMultipleFiles(
  context: FsContext,
  paths: readonly unknown[],
): Promise<{ files: MultipleFileResult[] }> {
  if (paths.length > context.limits.maxReadFiles) {
    throw new FsError(
      "TOO_LARGE",
      `At most ${context.limits.maxReadFiles} files per call (got ${paths.length})`,
    );
  }
  const files = await Promise.all(
    paths.map(async (raw): Promise<MultipleFileResult> => {
      try {
        return await readFile(context, raw);
      } catch (error) {
        return { path: String(raw), error: (error as Error).message };
      }
    }),
  );
  return { files };
}
