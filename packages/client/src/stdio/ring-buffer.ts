/**
 * A bounded text buffer that keeps only the most recent bytes written to it: the server's stderr
 * tail, kept for diagnostics without letting a chatty server grow the host's memory.
 *
 * @example
 * const tail = new TextRingBuffer(16);
 * tail.write("hello ");
 * tail.write("world, this is long");
 * tail.toString(); // "d, this is long" — at most 16 characters, the newest ones
 */
export class TextRingBuffer {
  readonly #capacity: number;
  #chunks: string[] = [];
  #length = 0;
  #dropped = 0;

  /** @param capacity the most characters kept (older ones are dropped first). */
  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`TextRingBuffer capacity must be a positive integer, got ${capacity}`);
    }
    this.#capacity = capacity;
  }

  /** Appends text, dropping the oldest characters beyond the capacity. */
  write(text: string): void {
    if (text.length === 0) return;
    if (text.length >= this.#capacity) {
      this.#dropped += this.#length + text.length - this.#capacity;
      this.#chunks = [text.slice(text.length - this.#capacity)];
      this.#length = this.#capacity;
      return;
    }
    this.#chunks.push(text);
    this.#length += text.length;
    // Drop whole chunks from the front while over capacity, then trim the first one.
    while (this.#length > this.#capacity) {
      const first = this.#chunks[0]!;
      const excess = this.#length - this.#capacity;
      if (first.length <= excess) {
        this.#chunks.shift();
        this.#length -= first.length;
        this.#dropped += first.length;
      } else {
        this.#chunks[0] = first.slice(excess);
        this.#length -= excess;
        this.#dropped += excess;
      }
    }
  }

  /** How many characters were dropped because the buffer was full. */
  get droppedChars(): number {
    return this.#dropped;
  }

  /** The characters currently held. */
  get length(): number {
    return this.#length;
  }

  /** The buffered text, oldest first. */
  toString(): string {
    if (this.#chunks.length > 1) this.#chunks = [this.#chunks.join("")];
    return this.#chunks[0] ?? "";
  }

  /** Empties the buffer. */
  clear(): void {
    this.#chunks = [];
    this.#length = 0;
  }
}
