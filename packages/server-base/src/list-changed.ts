/** The lists whose changes are announced with `notifications/<kind>/list_changed`. */
export type ListKind = "tools" | "resources" | "prompts";

/**
 * Coalesces list changes: any number of changes to one list within the window (the next
 * macrotask by default) produce a single notification, so registering 100 tools at run time
 * sends one `notifications/tools/list_changed`, not 100.
 */
export class ListChangedCoalescer {
  readonly #pending = new Map<ListKind, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly send: (kind: ListKind) => void,
    private readonly windowMs = 0,
  ) {}

  /** Announces a change of `kind` at the end of the window. */
  schedule(kind: ListKind): void {
    if (this.#pending.has(kind)) return;
    this.#pending.set(
      kind,
      setTimeout(() => {
        this.#pending.delete(kind);
        this.send(kind);
      }, this.windowMs),
    );
  }

  /** Drops pending announcements (session closed). */
  cancel(): void {
    for (const timer of this.#pending.values()) clearTimeout(timer);
    this.#pending.clear();
  }
}
