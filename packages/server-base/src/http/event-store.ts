/**
 * Resumable streams (spec 2025-11-25, basic/transports, "Resumability and Redelivery"): every SSE
 * event the server sends gets an id; a client that lost its connection reconnects with
 * `Last-Event-ID` and the server replays what came after that event on the same stream, never
 * messages of another stream. The store is pluggable so a deployment can keep events in Redis or
 * a database; {@link InMemoryEventStore} is the bounded default.
 */
import type { JSONRPCMessage } from "@mcp/protocol";

/** Where events of resumable streams are kept. Event ids must be unique within a session. */
export interface EventStore {
  /**
   * Keeps one event of `streamId` and returns its id. `message` is `undefined` for a priming
   * event (the empty event a stream starts with, so the client has an id to resume from).
   */
  storeEvent(streamId: string, message: JSONRPCMessage | undefined): Promise<string>;
  /**
   * Sends, in order, every message stored on the stream of `lastEventId` after that event (priming
   * events are skipped) and returns the stream id; `undefined` when the event is unknown (never
   * stored, or evicted).
   */
  replayEventsAfter(
    lastEventId: string,
    send: (eventId: string, message: JSONRPCMessage) => Promise<void> | void,
  ): Promise<string | undefined>;
}

/** Options of {@link InMemoryEventStore}. */
export interface InMemoryEventStoreOptions {
  /** Most events kept across all streams; the oldest go first. Default 10 000. */
  maxEvents?: number;
  /** Most events kept per stream; the oldest of that stream go first. Default 1 000. */
  maxEventsPerStream?: number;
}

interface StoredEvent {
  streamId: string;
  seq: number;
  message: JSONRPCMessage | undefined;
}

/**
 * A bounded in-memory {@link EventStore}. Event ids are `<streamId>_<sequence>`; lookups are by id
 * in a Map, and eviction is oldest-first, so memory stays under `maxEvents` however long a session
 * lives.
 *
 * @example
 * ```ts
 * const handler = createStreamableHttpHandler({ server, eventStore: new InMemoryEventStore({ maxEvents: 5_000 }) });
 * ```
 */
export class InMemoryEventStore implements EventStore {
  private readonly events = new Map<string, StoredEvent>();
  private readonly streams = new Map<string, string[]>();
  private readonly maxEvents: number;
  private readonly maxEventsPerStream: number;
  private seq = 0;

  constructor(options: InMemoryEventStoreOptions = {}) {
    this.maxEvents = Math.max(1, options.maxEvents ?? 10_000);
    this.maxEventsPerStream = Math.max(1, options.maxEventsPerStream ?? 1_000);
  }

  /** How many events are held now. */
  get size(): number {
    return this.events.size;
  }

  async storeEvent(streamId: string, message: JSONRPCMessage | undefined): Promise<string> {
    this.seq += 1;
    const eventId = `${streamId}_${this.seq}`;
    this.events.set(eventId, { streamId, seq: this.seq, message });
    let ids = this.streams.get(streamId);
    if (ids === undefined) {
      ids = [];
      this.streams.set(streamId, ids);
    }
    ids.push(eventId);
    if (ids.length > this.maxEventsPerStream) {
      const dropped = ids.shift();
      if (dropped !== undefined) this.events.delete(dropped);
    }
    // Map iteration order is insertion order: the first key is the oldest event.
    while (this.events.size > this.maxEvents) {
      const oldest = this.events.keys().next().value as string;
      this.dropEvent(oldest);
    }
    return eventId;
  }

  async replayEventsAfter(
    lastEventId: string,
    send: (eventId: string, message: JSONRPCMessage) => Promise<void> | void,
  ): Promise<string | undefined> {
    const last = this.events.get(lastEventId);
    if (last === undefined) return undefined;
    const ids = this.streams.get(last.streamId) ?? [];
    for (const id of ids) {
      const event = this.events.get(id);
      if (event === undefined || event.seq <= last.seq || event.message === undefined) continue;
      await send(id, event.message);
    }
    return last.streamId;
  }

  /** Forgets every event of one stream (a finished request whose events will not be replayed). */
  deleteStream(streamId: string): void {
    for (const id of this.streams.get(streamId) ?? []) this.events.delete(id);
    this.streams.delete(streamId);
  }

  private dropEvent(eventId: string): void {
    const event = this.events.get(eventId);
    this.events.delete(eventId);
    if (event === undefined) return;
    const ids = this.streams.get(event.streamId);
    if (ids === undefined) return;
    const index = ids.indexOf(eventId);
    if (index >= 0) ids.splice(index, 1);
    if (ids.length === 0) this.streams.delete(event.streamId);
  }
}
