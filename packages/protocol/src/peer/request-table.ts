/**
 * The requests a peer has sent and still awaits, by id. Not a `Map`: with ids that only grow and
 * a few dozen requests in flight, a `Map` rehashes into a new table every few dozen calls, and
 * V8 keeps each obsolete table pointing at its successor (for live iterators). Once the table has
 * been promoted to the old generation, each obsolete one keeps its successor and the requests in
 * it alive through the next scavenges, so they are promoted too, and so on: over a real pipe with
 * 32 calls in flight, ~1.2–1.7 MB of ~11 MB survived every scavenge (5–7 ms each) until a
 * mark-compact (docs/decisions.md, client speed). A plain array has no such chain.
 */

import type { RequestId } from "../envelope.js";

/**
 * Our request ids are the integers the peer hands out, in order, so the table is a ring indexed
 * by `id & mask` (an array of plain elements: no rehash, no hashing), doubled when the slot of a
 * new id still holds an older request, up to MAX_SLOTS. Past that, a request whose slot is taken
 * waits in a small `Map` instead: one slow request among a fast stream would otherwise double the
 * ring for every MAX_SLOTS calls sent while it waits, memory growing with the calls sent, not the
 * calls pending. An id of another type (a string from the wire) is never ours, so it finds
 * nothing, as it did in a `Map` keyed by numbers.
 */
const MAX_SLOTS = 4096;

export class RequestTable<T extends { readonly id: RequestId }> {
  private slots: (T | undefined)[] = new Array(64).fill(undefined);
  private mask = 63;
  private count = 0;
  /** Requests whose slot was taken once the ring had reached MAX_SLOTS; usually empty. */
  private overflow: Map<number, T> | undefined;

  get size(): number {
    return this.count;
  }

  get(id: RequestId | undefined): T | undefined {
    if (typeof id !== "number") return undefined;
    const entry = this.slots[id & this.mask];
    if (entry !== undefined && entry.id === id) return entry;
    return this.overflow?.get(id);
  }

  has(id: RequestId | undefined): boolean {
    return this.get(id) !== undefined;
  }

  /** Adds (or replaces) an entry under its own `id`, a non-negative integer. */
  set(entry: T & { readonly id: number }): void {
    let occupant = this.slots[entry.id & this.mask];
    while (occupant !== undefined && occupant.id !== entry.id && this.slots.length < MAX_SLOTS) {
      this.grow();
      occupant = this.slots[entry.id & this.mask];
    }
    if (occupant !== undefined && occupant.id !== entry.id) {
      this.overflow ??= new Map();
      if (!this.overflow.has(entry.id)) this.count++;
      this.overflow.set(entry.id, entry);
      return;
    }
    this.slots[entry.id & this.mask] = entry;
    if (occupant === undefined) this.count++;
  }

  delete(id: RequestId): void {
    const entry = this.get(id);
    if (entry === undefined) return;
    const slot = (id as number) & this.mask;
    if (this.slots[slot] === entry) this.slots[slot] = undefined;
    else this.overflow?.delete(id as number);
    this.count--;
  }

  /** The entries, oldest (lowest id) first. */
  values(): T[] {
    const out: T[] = [];
    for (const entry of this.slots) if (entry !== undefined) out.push(entry);
    if (this.overflow) out.push(...this.overflow.values());
    return out.sort((a, b) => (a.id as number) - (b.id as number));
  }

  clear(): void {
    this.slots.fill(undefined);
    this.overflow = undefined;
    this.count = 0;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Array(old.length * 2).fill(undefined);
    this.mask = this.slots.length - 1;
    for (const entry of old) if (entry !== undefined) this.slots[(entry.id as number) & this.mask] = entry;
  }
}
