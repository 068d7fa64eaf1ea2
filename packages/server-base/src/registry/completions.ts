import type { CompleteResult } from "@mcp/protocol";

/** Suggests values for one argument, given its partial value and the other arguments. */
export type CompleteCallback = (
  value: string,
  context: { arguments: Record<string, string> },
) => string[] | Promise<string[]>;

/** The spec caps a completion response at 100 values. */
export const MAX_COMPLETION_VALUES = 100;

/** Runs a completion callback (if any) and shapes the spec's `completion` object. */
export async function complete(
  callback: CompleteCallback | undefined,
  value: string,
  context: Record<string, string>,
): Promise<CompleteResult> {
  if (!callback) return { completion: { values: [], hasMore: false } };
  const values = await callback(value, { arguments: context });
  if (values.length <= MAX_COMPLETION_VALUES) {
    return { completion: { values, total: values.length, hasMore: false } };
  }
  return {
    completion: { values: values.slice(0, MAX_COMPLETION_VALUES), total: values.length, hasMore: true },
  };
}
