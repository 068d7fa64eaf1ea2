// Cursor pagination shared by every list. A cursor is opaque to clients: base64url JSON holding
// the key of the last item sent and its offset. Resuming after the key keeps pages stable when
// items before it are added or removed between calls; the offset is the fallback when that key
// itself was removed.

/** Items of one page and, when more remain, the cursor of the next. */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/** Thrown for a cursor this server did not issue; the caller maps it to JSON-RPC -32602. */
export class InvalidCursorError extends Error {
  constructor(cursor: string) {
    super(`Invalid cursor: ${cursor.slice(0, 64)}`);
    this.name = "InvalidCursorError";
  }
}

interface CursorState {
  k: string;
  o: number;
}

function encodeCursor(state: CursorState): string {
  const bytes = new TextEncoder().encode(JSON.stringify(state));
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function decodeCursor(cursor: string): CursorState {
  try {
    const binary = atob(cursor.replace(/-/g, "+").replace(/_/g, "/"));
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
    const state = JSON.parse(new TextDecoder().decode(bytes)) as Partial<CursorState>;
    if (typeof state.k !== "string" || !Number.isSafeInteger(state.o) || (state.o as number) < 0) {
      throw new Error("bad shape");
    }
    return state as CursorState;
  } catch {
    throw new InvalidCursorError(cursor);
  }
}

/**
 * Returns the page of `items` that follows `cursor` (the first page without one).
 *
 * @example
 * ```ts
 * const { items, nextCursor } = paginate(tools, { cursor, pageSize: 100, keyOf: (t) => t.name });
 * ```
 */
export function paginate<T>(
  items: readonly T[],
  options: { cursor?: string | undefined; pageSize: number; keyOf: (item: T) => string },
): Page<T> {
  let start = 0;
  if (options.cursor !== undefined) {
    const state = decodeCursor(options.cursor);
    const index = items.findIndex((item) => options.keyOf(item) === state.k);
    start = index >= 0 ? index + 1 : Math.min(state.o, items.length);
  }
  const pageSize = Math.max(1, Math.floor(options.pageSize));
  const end = Math.min(items.length, start + pageSize);
  const page = items.slice(start, end);
  const last = page[page.length - 1];
  if (end < items.length && last !== undefined) {
    return { items: page, nextCursor: encodeCursor({ k: options.keyOf(last), o: end }) };
  }
  return { items: page };
}
