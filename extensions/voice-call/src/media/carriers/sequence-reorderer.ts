/**
 * Puts frames back in sequence-number order. A frame that arrives early waits until the gap before it
 * fills; once more than `window` frames wait, the gap is given up and the waiting frames are released
 * in order. Frames older than the next expected number are dropped (duplicates or too late).
 */
export class SequenceReorderer<T> {
  #next: number | undefined;
  readonly #waiting = new Map<number, T>();

  constructor(private readonly window = 8) {}

  /** Offers frame `seq`; returns the frames now releasable, in order. */
  push(seq: number, item: T): T[] {
    if (this.#next === undefined) this.#next = seq;
    if (seq < this.#next || this.#waiting.has(seq)) return [];
    this.#waiting.set(seq, item);
    const out = this.#drain();
    if (this.#waiting.size > this.window) {
      this.#next = Math.min(...this.#waiting.keys());
      out.push(...this.#drain());
    }
    return out;
  }

  /** Releases everything still waiting, in order (end of stream). */
  flush(): T[] {
    const out = [...this.#waiting.entries()].sort((a, b) => a[0] - b[0]).map(([, item]) => item);
    if (this.#waiting.size > 0) this.#next = Math.max(...this.#waiting.keys()) + 1;
    this.#waiting.clear();
    return out;
  }

  #drain(): T[] {
    const out: T[] = [];
    while (this.#next !== undefined && this.#waiting.has(this.#next)) {
      out.push(this.#waiting.get(this.#next) as T);
      this.#waiting.delete(this.#next);
      this.#next++;
    }
    return out;
  }
}
