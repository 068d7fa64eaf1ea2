/**
 * The issue shape of validation errors (`data.issues` of -32602 and `INVALID_MESSAGE` errors),
 * apart from zod so the zod-free core can name it.
 */

/** One validation issue: where (`path`) and what (`message`). */
export interface ValidationIssue {
  path: (string | number)[];
  message: string;
}
