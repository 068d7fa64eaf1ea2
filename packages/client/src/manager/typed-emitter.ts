/**
 * A small typed event emitter, runtime-neutral. A listener that throws is isolated: it never
 * breaks the state machine that emitted the event.
 *
 * @example
 * const events = new TypedEmitter<{ tick: { n: number } }>();
 * const off = events.on("tick", ({ n }) => console.log(n));
 * events.emit("tick", { n: 1 });
 * off();
 */
export class TypedEmitter<Events extends object> {
  readonly #listeners = new Map<keyof Events, Set<(payload: never) => void>>();

  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof Events>(event: K, listener: (payload: Events[K]) => void): () => void {
    let set = this.#listeners.get(event);
    if (!set) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    set.add(listener as (payload: never) => void);
    return () => this.off(event, listener);
  }

  /** Adds a listener called at most once. */
  once<K extends keyof Events>(event: K, listener: (payload: Events[K]) => void): () => void {
    const off = this.on(event, (payload) => {
      off();
      listener(payload);
    });
    return off;
  }

  /** Removes a listener. */
  off<K extends keyof Events>(event: K, listener: (payload: Events[K]) => void): void {
    this.#listeners.get(event)?.delete(listener as (payload: never) => void);
  }

  /** Calls every listener of `event`; errors thrown by listeners go to `onListenerError`. */
  emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    const set = this.#listeners.get(event);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        (listener as (payload: Events[K]) => void)(payload);
      } catch (error) {
        this.onListenerError?.(error);
      }
    }
  }

  /** Receives errors thrown by listeners (they are swallowed otherwise). */
  onListenerError?: (error: unknown) => void;
}
