/** Something a {@link PacingClock} wakes once its due time has come. */
export interface PacedTask {
  /** Called at or after the due time given to {@link PacingClock.wakeIn}; must not throw. */
  onPacingTick(): void;
}

/** Inputs of {@link PacingClock}. */
export interface PacingClockOptions {
  /** Monotonic clock in ms; default `performance.now`. */
  now?: () => number;
  /**
   * Width of one wake-up slot, in ms (default 1): tasks due within the same slot wake in the same
   * timer callback. A divisor of the 20 ms frame keeps every stream on a fixed phase, so slotting
   * delays a frame by less than one slot and adds no jitter between frames.
   */
  slotMs?: number;
  /** Receives what a task threw (the clock carries on with the other tasks). */
  onTaskError?: (error: unknown) => void;
}

/**
 * One timer for many paced media streams. Each stream asks to be woken when its next frame is due;
 * the clock keeps the requests in slots of `slotMs` on its monotonic clock and arms a single
 * `setTimeout` for the earliest slot, re-computed from `now()` every time it fires (a late timer
 * wakes every slot already due, so no stream drifts behind the others). At 1000 streams this is at
 * most 1000 timer callbacks per second instead of one timer, one promise race and one closure per
 * stream per 20 ms frame (50,000 per second). Spurious wakes are harmless: a task sends only what is
 * due by its own grid.
 */
export class PacingClock {
  readonly #now: () => number;
  readonly #slotMs: number;
  readonly #onTaskError: (error: unknown) => void;
  /** Slot number (`ceil(dueAt / slotMs)`) → tasks due in it. */
  readonly #slots = new Map<number, PacedTask[]>();
  #timer: NodeJS.Timeout | undefined;
  #armedSlot = Number.POSITIVE_INFINITY;
  /** True while a tick wakes tasks: their new requests are armed once, after the tick. */
  #ticking = false;

  constructor(options: PacingClockOptions = {}) {
    this.#now = options.now ?? (() => performance.now());
    this.#slotMs = options.slotMs ?? 1;
    this.#onTaskError = options.onTaskError ?? (() => undefined);
  }

  /** Tasks waiting to be woken (a task asked twice counts twice). */
  get pending(): number {
    let count = 0;
    for (const tasks of this.#slots.values()) count += tasks.length;
    return count;
  }

  /** Wakes `task` once, `delayMs` (≥ 0) from now on this clock. */
  wakeIn(task: PacedTask, delayMs: number): void {
    const slot = Math.ceil((this.#now() + Math.max(0, delayMs)) / this.#slotMs);
    const tasks = this.#slots.get(slot);
    if (tasks) tasks.push(task);
    else this.#slots.set(slot, [task]);
    if (!this.#ticking && slot < this.#armedSlot) this.#arm(slot);
  }

  /** Drops every pending wake-up and the timer (the owner is shutting down). */
  stop(): void {
    this.#slots.clear();
    this.#disarm();
  }

  #arm(slot: number): void {
    this.#disarm();
    this.#armedSlot = slot;
    this.#timer = setTimeout(() => this.#tick(), Math.max(0, slot * this.#slotMs - this.#now()));
  }

  #disarm(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#armedSlot = Number.POSITIVE_INFINITY;
  }

  #tick(): void {
    this.#timer = undefined;
    this.#armedSlot = Number.POSITIVE_INFINITY;
    const dueSlot = Math.floor(this.#now() / this.#slotMs);
    const due: number[] = [];
    for (const slot of this.#slots.keys()) if (slot <= dueSlot) due.push(slot);
    due.sort((a, b) => a - b);
    this.#ticking = true;
    try {
      for (const slot of due) {
        const tasks = this.#slots.get(slot) ?? [];
        this.#slots.delete(slot);
        for (const task of tasks) this.#wake(task);
      }
    } finally {
      this.#ticking = false;
    }
    let earliest = Number.POSITIVE_INFINITY;
    for (const slot of this.#slots.keys()) if (slot < earliest) earliest = slot;
    if (earliest !== Number.POSITIVE_INFINITY) this.#arm(earliest);
  }

  #wake(task: PacedTask): void {
    try {
      task.onPacingTick();
    } catch (error) {
      this.#onTaskError(error);
    }
  }
}
