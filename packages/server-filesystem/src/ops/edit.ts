import { createTwoFilesPatch } from "diff";
import type { FsContext } from "../context.js";
import { FsError } from "../errors.js";
import { openForRead, replaceAtomically } from "../safe-io.js";

/** One exact replacement. */
export interface TextEdit {
  oldText: string;
  newText: string;
  /** Replace every occurrence; otherwise `oldText` must occur exactly once. */
  replaceAll?: boolean;
}

/** What {@link editFile} did (or would do, on a dry run). */
export interface EditResult {
  path: string;
  /** Unified diff of the change, with `a/` and `b/` headers. */
  diff: string;
  /** Number of occurrences replaced over all edits. */
  replacements: number;
  /** False on a dry run. */
  applied: boolean;
}

function countOccurrences(text: string, needle: string): number {
  let count = 0;
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + needle.length)) count++;
  return count;
}

/**
 * Applies exact text replacements in order, each to the result of the previous one. An `oldText`
 * that is missing, empty, or (without `replaceAll`) occurs more than once fails the whole edit and
 * nothing is written: an ambiguous edit must not silently change the wrong place. Line endings
 * are matched as they are in the file, except that `\n` in an edit also matches `\r\n` in a CRLF
 * file. The change is written atomically unless `dryRun`; the unified diff is returned either way.
 *
 * @example
 * ```ts
 * const { diff } = await editFile(context, {
 *   path: "/srv/data/a.txt", edits: [{ oldText: "hello", newText: "goodbye" }], dryRun: true,
 * });
 * ```
 */
export async function editFile(
  context: FsContext,
  args: { path: unknown; edits: readonly TextEdit[]; dryRun?: boolean },
): Promise<EditResult> {
  const { sandbox, limits } = context;
  const file = await sandbox.resolveFile(args.path);
  if (file.stats.size > limits.maxFileSize) {
    throw new FsError(
      "TOO_LARGE",
      `${file.path} is ${file.stats.size} bytes, over the ${limits.maxFileSize}-byte limit`,
    );
  }
  const handle = await openForRead(sandbox, file.real, file.path);
  let original: string;
  try {
    original = await handle.readFile("utf8");
  } finally {
    await handle.close();
  }
  const crlf = original.includes("\r\n");
  let updated = original;
  let replacements = 0;
  args.edits.forEach((edit, index) => {
    if (edit.oldText === "") throw new FsError("EDIT_FAILED", `Edit ${index + 1}: oldText is empty`);
    let oldText = edit.oldText;
    let newText = edit.newText;
    if (crlf && !updated.includes(oldText) && oldText.includes("\n")) {
      oldText = oldText.replace(/\r?\n/g, "\r\n");
      newText = newText.replace(/\r?\n/g, "\r\n");
    }
    const count = countOccurrences(updated, oldText);
    if (count === 0) throw new FsError("EDIT_FAILED", `Edit ${index + 1}: oldText not found in ${file.path}`);
    if (count > 1 && !edit.replaceAll) {
      throw new FsError(
        "EDIT_FAILED",
        `Edit ${index + 1}: oldText occurs ${count} times in ${file.path}; add context to make it unique or set replaceAll`,
      );
    }
    updated = edit.replaceAll
      ? updated.split(oldText).join(newText)
      : updated.replace(oldText, () => newText);
    replacements += edit.replaceAll ? count : 1;
  });
  const diff = createTwoFilesPatch(
    `a${file.path}`,
    `b${file.path}`,
    original,
    updated,
    undefined,
    undefined,
    {
      context: 3,
    },
  );
  if (!args.dryRun && updated !== original) {
    if (Buffer.byteLength(updated, "utf8") > limits.maxFileSize) {
      throw new FsError(
        "TOO_LARGE",
        `The edited ${file.path} would exceed the ${limits.maxFileSize}-byte limit`,
      );
    }
    await replaceAtomically(sandbox, {
      real: file.real,
      shown: file.path,
      data: updated,
      mode: file.stats.mode & 0o7777,
      beforeOpen: context.beforeOpen,
    });
  }
  return { path: file.path, diff, replacements, applied: !args.dryRun };
}
