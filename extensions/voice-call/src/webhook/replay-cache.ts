/**
 * The one replay layer: remembers the replay keys of verified webhooks (hashes of the canonical
 * signed bytes, see `VerifyResult`) for a window, so the same verified content arriving again is
 * answered without side effects. Bounded: expired keys are dropped as new ones arrive (keys expire in
 * insertion order, so this is O(1) amortised), and at most `maxEntries` are kept (oldest first out).
 */
export class ReplayCache {
  readonly #expiries = new Map<string, number>();

  constructor(
    /** Window in ms; default 10 minutes. */
    private readonly windowMs: number = 10 * 60_000,
    private readonly maxEntries: number = 10_000,
  ) {}

  /** Keys currently remembered. */
  get size(): number {
    return this.#expiries.size;
  }

  /** True when `key` was seen within the window (a replay); otherwise records it and returns false. */
  seen(key: string, now: number = Date.now()): boolean {
    this.#dropExpired(now);
    if (this.#expiries.has(key)) return true;
    this.#expiries.set(key, now + this.windowMs);
    while (this.#expiries.size > this.maxEntries) {
      this.#expiries.delete(this.#expiries.keys().next().value as string);
    }
    return false;
  }

  #dropExpired(now: number): void {
    for (const [key, expiry] of this.#expiries) {
      if (expiry > now) return;
      this.#expiries.delete(key);
    }
  }
}
