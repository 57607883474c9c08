/** Largest delay `setTimeout` honours, in ms (2^31 − 1); longer ones fire after 1 ms (Node warns). */
export const MAX_TIMER_MS: number = 2 ** 31 - 1;

/**
 * `setTimeout` with the delay clamped to [0, {@link MAX_TIMER_MS}] ms (a larger delay would fire at
 * once and end every call), unref'd so it never keeps the process alive.
 */
export function boundedTimeout(fn: () => void, ms: number): NodeJS.Timeout {
  const delay = Number.isFinite(ms) ? Math.min(Math.max(0, ms), MAX_TIMER_MS) : MAX_TIMER_MS;
  const timer = setTimeout(fn, delay);
  timer.unref();
  return timer;
}
