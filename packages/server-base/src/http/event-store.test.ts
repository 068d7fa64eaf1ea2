import type { JSONRPCMessage } from "@mcp/protocol";
import { describe, expect, it } from "vitest";
import { InMemoryEventStore } from "./event-store.js";

const note = (n: number): JSONRPCMessage => ({ jsonrpc: "2.0", method: "n", params: { n } });

async function replay(store: InMemoryEventStore, after: string) {
  const seen: [string, JSONRPCMessage][] = [];
  const streamId = await store.replayEventsAfter(after, (id, message) => {
    seen.push([id, message]);
  });
  return { streamId, seen };
}

describe("InMemoryEventStore", () => {
  it("replays only the events after the given one, on its own stream, skipping priming events", async () => {
    const store = new InMemoryEventStore();
    const priming = await store.storeEvent("a", undefined);
    const a1 = await store.storeEvent("a", note(1));
    await store.storeEvent("b", note(99));
    const a2 = await store.storeEvent("a", note(2));
    const fromPriming = await replay(store, priming);
    expect(fromPriming.streamId).toBe("a");
    expect(fromPriming.seen).toEqual([
      [a1, note(1)],
      [a2, note(2)],
    ]);
    expect((await replay(store, a1)).seen).toEqual([[a2, note(2)]]);
    expect((await replay(store, a2)).seen).toEqual([]);
  });

  it("gives unique ids and returns undefined for an unknown event", async () => {
    const store = new InMemoryEventStore();
    const ids = new Set<string>();
    for (let i = 0; i < 50; i++) ids.add(await store.storeEvent(i % 2 ? "x" : "y", note(i)));
    expect(ids.size).toBe(50);
    expect((await replay(store, "missing")).streamId).toBeUndefined();
  });

  it("stays within maxEvents, dropping the oldest first", async () => {
    const store = new InMemoryEventStore({ maxEvents: 3 });
    const first = await store.storeEvent("s", note(1));
    await store.storeEvent("s", note(2));
    await store.storeEvent("t", note(3));
    const last = await store.storeEvent("s", note(4));
    expect(store.size).toBe(3);
    expect((await replay(store, first)).streamId).toBeUndefined();
    const { seen } = await replay(store, (await store.storeEvent("s", note(5))) && last);
    expect(seen.map(([, m]) => (m as unknown as { params: { n: number } }).params.n)).toEqual([5]);
  });

  it("stays within maxEventsPerStream, and deleteStream forgets a stream", async () => {
    const store = new InMemoryEventStore({ maxEventsPerStream: 2 });
    const first = await store.storeEvent("s", note(1));
    const second = await store.storeEvent("s", note(2));
    await store.storeEvent("s", note(3));
    const other = await store.storeEvent("o", note(4));
    expect(store.size).toBe(3);
    expect((await replay(store, first)).streamId).toBeUndefined();
    expect((await replay(store, second)).seen).toHaveLength(1);
    store.deleteStream("s");
    expect(store.size).toBe(1);
    expect((await replay(store, second)).streamId).toBeUndefined();
    expect((await replay(store, other)).streamId).toBe("o");
  });
});
