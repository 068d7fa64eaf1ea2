/**
 * Reads a `text/event-stream` body with `eventsource-parser` (a maintained parser, not a hand-rolled
 * one) and hands each event to the caller, with the last event id and the server's `retry`.
 */
import { createParser, type EventSourceMessage } from "eventsource-parser";

/** What a finished (or broken) stream left behind. */
export interface SseStreamEnd {
  /** The id of the last event with an id, for `Last-Event-ID` on reconnection. */
  lastEventId: string | undefined;
  /** The last `retry:` value the server sent, in ms. */
  retryMs: number | undefined;
  /** Why reading stopped early (network error); undefined when the server ended the stream. */
  error: unknown;
}

/**
 * Consumes `body` until it ends, calling `onEvent` for every event (including data-less priming
 * events, which callers skip). Never throws: a read error is returned in `error`.
 */
export async function readSseStream(
  body: ReadableStream<Uint8Array>,
  onEvent: (event: EventSourceMessage) => void,
  lastEventId?: string,
): Promise<SseStreamEnd> {
  const end: SseStreamEnd = { lastEventId, retryMs: undefined, error: undefined };
  const parser = createParser({
    onEvent: (event) => {
      if (event.id !== undefined) end.lastEventId = event.id;
      onEvent(event);
    },
    onRetry: (ms) => {
      end.retryMs = ms;
    },
  });
  const decoder = new TextDecoder();
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.feed(decoder.decode(value, { stream: true }));
    }
    parser.feed(decoder.decode());
  } catch (error) {
    end.error = error;
  } finally {
    reader.releaseLock();
  }
  return end;
}
