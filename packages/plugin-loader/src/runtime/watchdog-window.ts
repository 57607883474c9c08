import { Script } from "node:vm";

/**
 * A sequence of synchronous steps for {@link runUnderWatchdog}: each step is one plugin call's
 * synchronous part plus the host's bookkeeping of its result.
 */
export interface WatchdogSequence {
  /** How long step `index` may run synchronously, in ms; `undefined` when the sequence has ended. */
  budgetOf(index: number): number | undefined;
  /** Runs step `index`; must catch the step's own errors. Returns `false` to stop the sequence. */
  run(index: number): boolean;
  /**
   * Step `index` ran synchronously past its budget and V8 interrupted it (its frames are gone; it
   * returned nothing). Returns `false` to stop the sequence.
   */
  interrupted(index: number, error: Error): boolean;
}

const MAX_TIMER_MS = 2_147_483_647;
/** The trampoline's file name: the event-loop watchdog treats frames under it as already guarded. */
export const GUARDED_SCRIPT_NAME = "openclaw:plugin-call";
const CALL_SLOT = Symbol.for("openclaw.pluginCall.fn");
// A one-line script whose only job is to call the function in CALL_SLOT: running it with a vm
// `timeout` puts everything it calls under V8's watchdog, which interrupts an infinite loop with a
// catchable error (ERR_SCRIPT_EXECUTION_TIMEOUT) instead of freezing the process.
const TRAMPOLINE = new Script(`globalThis[Symbol.for("openclaw.pluginCall.fn")]()`, {
  filename: GUARDED_SCRIPT_NAME,
});

function runInWindow(fn: () => void, windowMs: number): void {
  const slots = globalThis as unknown as Record<symbol, unknown>;
  const previous = slots[CALL_SLOT];
  slots[CALL_SLOT] = fn;
  try {
    TRAMPOLINE.runInThisContext({ timeout: windowMs });
  } finally {
    slots[CALL_SLOT] = previous;
  }
}

/** Clamps a budget to what a timer accepts: an integer of 1…2^31−1 ms. */
export function clampBudget(budgetMs: number): number {
  if (!Number.isFinite(budgetMs) || budgetMs < 1) return 1;
  return Math.min(Math.floor(budgetMs), MAX_TIMER_MS);
}

/** How far past its budget a step may run before the shared window interrupts it, in ms. */
function slackOf(budgetMs: number): number {
  return Math.max(1, Math.min(50, Math.floor(budgetMs / 10)));
}

function isWindowTimeout(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "ERR_SCRIPT_EXECUTION_TIMEOUT";
}

/**
 * Runs a sequence of synchronous steps (plugin calls) under V8's watchdog, sharing one watchdog window
 * among consecutive steps. Node creates a watchdog thread for every `vm` run with a `timeout`
 * (≈ 40 µs here), which dominated a hook dispatch when every handler had its own window.
 *
 * The rule that keeps each step's budget exact: a window opened for a step with budget `b` lasts
 * `b + slack(b)` ms (slack = 10 % of `b`, 1…50 ms); a later step with budget `c` joins the open window
 * only while the time the window has left is between `c` and `c + slack(c)`, else a new window opens.
 * So a step runs at least its budget and at most its budget plus its slack before it is interrupted,
 * and an interruption always belongs to the step that was running. After an interruption the
 * sequence resumes with the next step in a new window (unless `interrupted` stops it).
 * @param from index of the first step to run.
 */
export function runUnderWatchdog(sequence: WatchdogSequence, from = 0): void {
  let index = from;
  let done = false;
  for (;;) {
    const first = sequence.budgetOf(index);
    if (first === undefined) return;
    const windowMs = clampBudget(clampBudget(first) + slackOf(first));
    const deadline = performance.now() + windowMs;
    let running = -1;
    const loop = (): void => {
      for (let ran = 0; ; ran++) {
        const budget = sequence.budgetOf(index);
        if (budget === undefined) {
          done = true;
          return;
        }
        const left = deadline - performance.now();
        if (ran > 0 && (left < budget || left > budget + slackOf(budget))) return;
        running = index;
        const proceed = sequence.run(index);
        running = -1;
        index++;
        if (!proceed) {
          done = true;
          return;
        }
      }
    };
    try {
      runInWindow(loop, windowMs);
    } catch (error) {
      if (!isWindowTimeout(error)) throw error;
      if (running >= 0) {
        index = running + 1;
        if (!sequence.interrupted(running, error as Error)) return;
      }
    }
    if (done) return;
  }
}
