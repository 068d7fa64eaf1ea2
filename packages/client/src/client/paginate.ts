/**
 * Cursor following for the list methods (spec: server/utilities/pagination). The cursor is opaque;
 * a server that hands back a cursor it already gave would loop forever, so a repeated cursor ends
 * the walk with an error instead.
 */
import { LocalError, LocalErrorCode } from "@mcp/protocol/core";

/** One page as the list methods return it. */
export interface Page {
  nextCursor?: string | undefined;
}

/**
 * Calls `fetchPage` from the first page until a page has no `nextCursor`, and concatenates the
 * items `pick` takes from each page.
 */
export async function collectAllPages<P extends Page, T>(
  fetchPage: (cursor: string | undefined) => Promise<P>,
  pick: (page: P) => readonly T[],
  maxPages = 10_000,
): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let pages = 0; pages < maxPages; pages++) {
    const page = await fetchPage(cursor);
    items.push(...pick(page));
    cursor = page.nextCursor;
    if (cursor === undefined) return items;
    if (seen.has(cursor)) {
      throw new LocalError(
        LocalErrorCode.InvalidMessage,
        `The server repeated the cursor ${JSON.stringify(cursor)}`,
      );
    }
    seen.add(cursor);
  }
  throw new LocalError(LocalErrorCode.InvalidMessage, `Gave up after ${maxPages} pages`);
}
