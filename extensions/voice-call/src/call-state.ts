import { ACTIVE_CALL_STATES, type CallState, END_REASONS } from "./types.js";

const TERMINAL: ReadonlySet<string> = new Set(END_REASONS);
const ORDER: ReadonlyMap<string, number> = new Map(ACTIVE_CALL_STATES.map((s, i) => [s, i]));

/** True when `state` ends the call. */
export function isTerminalState(state: CallState): boolean {
  return TERMINAL.has(state);
}

/**
 * The state after applying `next` to `current`: no change once terminal; any terminal target is
 * accepted; `speaking` and `listening` alternate freely; otherwise only forward moves in the order
 * initiated < ringing < answered < active < speaking < listening (backward moves are ignored).
 */
export function nextCallState(current: CallState, next: CallState): CallState {
  if (current === next || isTerminalState(current)) return current;
  if (isTerminalState(next)) return next;
  if ((current === "speaking" && next === "listening") || (current === "listening" && next === "speaking"))
    return next;
  return (ORDER.get(next) ?? -1) > (ORDER.get(current) ?? -1) ? next : current;
}
