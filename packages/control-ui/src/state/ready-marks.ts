/**
 * Performance marks the benchmark (`pnpm bench control-ui`) and browser tests read: the time from
 * navigation start until a view is interactive. Each is set once per page load.
 */
export const READY_MARKS = {
  /** The login form is rendered and accepts input. */
  login: "openclaw:login-ready",
  /** The plugins page shows the gateway's plugin list. */
  plugins: "openclaw:plugins-ready",
} as const;

/** Sets a mark of {@link READY_MARKS} unless this page load already has it. */
export function markReady(name: (typeof READY_MARKS)[keyof typeof READY_MARKS]): void {
  if (performance.getEntriesByName(name, "mark").length === 0) performance.mark(name);
}
