import type { PathEnv } from "../host/paths.js";

/** Default lifetime of the discovery and manifest caches, in ms. */
export const DEFAULT_CACHE_MS = 1000;

/**
 * The lifetime in ms of a short-lived cache, from its `*_CACHE_MS` variable (blank or `0` disables;
 * non-numeric falls back to the default), or 0 when its `OPENCLAW_DISABLE_*` variable is non-blank.
 */
export function cacheLifetimeMs(env: PathEnv, msVar: string, disableVar: string): number {
  if (env[disableVar]?.trim()) return 0;
  const raw = env[msVar];
  if (raw === undefined) return DEFAULT_CACHE_MS;
  if (raw.trim() === "") return 0;
  const value = Number(raw);
  return Number.isFinite(value) && value >= 0 ? value : DEFAULT_CACHE_MS;
}

/** A tiny time-bounded cache keyed by strings; entries expire `lifetimeMs` after they are stored. */
export class ShortLivedCache<T> {
  readonly #entries = new Map<string, { value: T; expires: number }>();

  /** The cached value, if present and fresh. */
  get(key: string, now: number = Date.now()): T | undefined {
    const hit = this.#entries.get(key);
    if (!hit) return undefined;
    if (hit.expires <= now) {
      this.#entries.delete(key);
      return undefined;
    }
    return hit.value;
  }

  /** Stores `value` for `lifetimeMs` (nothing is stored when it is 0). */
  set(key: string, value: T, lifetimeMs: number, now: number = Date.now()): void {
    if (lifetimeMs <= 0) return;
    this.#entries.set(key, { value, expires: now + lifetimeMs });
    if (this.#entries.size > 256) this.#entries.delete(this.#entries.keys().next().value as string);
  }

  clear(): void {
    this.#entries.clear();
  }
}
