import { ServerError } from "../errors.js";

/** What every registered item has: a key and an enabled flag. */
export interface RegistryItem {
  readonly key: string;
  enabled: boolean;
}

/**
 * Insertion-ordered items of one kind. Listing is hot (every list request), so the enabled
 * items are cached as an array and rebuilt only after a change.
 */
export class Registry<T extends RegistryItem> {
  readonly #items = new Map<string, T>();
  #enabled: T[] | undefined;

  constructor(
    private readonly label: string,
    private readonly onChange: () => void,
  ) {}

  /** Adds an item; a duplicate key is a `DUPLICATE_NAME` error. */
  add(item: T): void {
    if (this.#items.has(item.key)) {
      throw new ServerError("DUPLICATE_NAME", `${this.label} "${item.key}" is already registered`);
    }
    this.#items.set(item.key, item);
    this.changed();
  }

  /** Removes the item if it is this exact one. */
  remove(item: T): void {
    if (this.#items.get(item.key) !== item) return;
    this.#items.delete(item.key);
    this.changed();
  }

  /** The enabled item with this key. */
  get(key: string): T | undefined {
    const item = this.#items.get(key);
    return item?.enabled ? item : undefined;
  }

  /** Enabled items in registration order (do not mutate). */
  enabled(): readonly T[] {
    this.#enabled ??= [...this.#items.values()].filter((item) => item.enabled);
    return this.#enabled;
  }

  /** Number of items, enabled or not. */
  get size(): number {
    return this.#items.size;
  }

  /** Invalidates the cache and announces the change. */
  changed(): void {
    this.#enabled = undefined;
    this.onChange();
  }
}

/** Shared enable/disable/remove logic of the public handles. */
export abstract class RegisteredItem implements RegistryItem {
  enabled = true;
  abstract readonly key: string;
  protected abstract readonly registry: Registry<RegistryItem>;
  #removed = false;

  /** Lists the item again (no-op when enabled). */
  enable(): void {
    this.#setEnabled(true);
  }

  /** Hides the item from lists and calls until enabled again. */
  disable(): void {
    this.#setEnabled(false);
  }

  /** Unregisters the item for good. */
  remove(): void {
    if (this.#removed) return;
    this.#removed = true;
    this.registry.remove(this);
  }

  #setEnabled(enabled: boolean): void {
    if (this.enabled === enabled || this.#removed) return;
    this.enabled = enabled;
    this.registry.changed();
  }
}
