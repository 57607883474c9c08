import { LRUCache } from "lru-cache";
import type { VoiceCallConfig } from "../config.js";

/** Most calls a provider keeps per-call state for (far above any `maxConcurrentCalls`). */
export const MAX_CACHED_CALLS = 1000;

/**
 * A bounded per-call map for provider state (webhook URLs, pending speech): least recently used
 * entries go first beyond {@link MAX_CACHED_CALLS}, and every entry expires once a call of
 * `maxDurationSeconds` (plus ring time) must have ended. Built on `lru-cache`.
 */
export function callCache<V extends {}>(
  config: Pick<VoiceCallConfig, "maxDurationSeconds" | "ringTimeoutMs">,
): LRUCache<string, V> {
  const ttl = Math.min(config.maxDurationSeconds * 1000 + config.ringTimeoutMs + 60_000, 2 ** 31 - 1);
  return new LRUCache<string, V>({ max: MAX_CACHED_CALLS, ttl, ttlAutopurge: false });
}
