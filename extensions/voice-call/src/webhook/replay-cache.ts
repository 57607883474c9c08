/**
 * Remembers verified request keys for a window so an identical request replayed later is recognised.
 * Bounded: at most `maxEntries` (oldest evicted first); expired keys are pruned as it goes.
 */
export class ReplayCache {
  readonly #seen = new Map<string, number>();

  constructor(
    /** Window in ms; default 10 minutes. */
    private readonly windowMs: number = 10 * 60_000,
    private readonly maxEntries: number = 10_000,
  ) {}

  /** True when `key` was seen within the window (a replay); otherwise records it and returns false. */
  seen(key: string, now: number = Date.now()): boolean {
    const expiry = this.#seen.get(key);
    if (expiry !== undefined && expiry > now) return true;
    this.#seen.delete(key);
    this.#seen.set(key, now + this.windowMs);
    if (this.#seen.size > this.maxEntries) {
      for (const [k, e] of this.#seen) {
        if (this.#seen.size <= this.maxEntries) break;
        if (e <= now || this.#seen.size > this.maxEntries) this.#seen.delete(k);
      }
    }
    return false;
  }
}
