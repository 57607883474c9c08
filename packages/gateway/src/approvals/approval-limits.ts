import { DEFAULT_APPROVAL_TIMEOUT_MS, MAX_APPROVAL_TIMEOUT_MS } from "./approval-request.js";

/** Default cap of pending approvals in one gateway. */
export const DEFAULT_MAX_PENDING_APPROVALS = 64;
/** Default cap of pending approvals of one session key (tool calls without one share a bucket). */
export const DEFAULT_MAX_PENDING_APPROVALS_PER_SESSION = 8;
/** Largest value either cap accepts. */
const MAX_CAP = 10_000;

/** Caps and default wait of the approval queue (the `approvals.*` config keys). */
export interface ApprovalLimits {
  /** Default {@link DEFAULT_MAX_PENDING_APPROVALS}. */
  maxPending?: number;
  /** Default {@link DEFAULT_MAX_PENDING_APPROVALS_PER_SESSION}. */
  maxPendingPerSession?: number;
  /** Wait of a request that names no `timeoutMs`, in ms; default 120 000, at most 600 000. */
  defaultTimeoutMs?: number;
}

/** A whole number in `[min, max]`, or `fallback` when `value` is not a finite number. */
function clampInt(value: unknown, min: number, max: number, fallback: number): number {
  if (typeof value !== "number" || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, Math.floor(value)));
}

/**
 * The limits in force: each value clamped to its range (caps 1 … 10 000, wait 1 … 600 000 ms), or its
 * default when missing or not a number (the config schema reports such values; the gateway never
 * fails on them).
 */
export function resolveApprovalLimits(given: ApprovalLimits): Required<ApprovalLimits> {
  return {
    maxPending: clampInt(given.maxPending, 1, MAX_CAP, DEFAULT_MAX_PENDING_APPROVALS),
    maxPendingPerSession: clampInt(
      given.maxPendingPerSession,
      1,
      MAX_CAP,
      DEFAULT_MAX_PENDING_APPROVALS_PER_SESSION,
    ),
    defaultTimeoutMs: clampInt(
      given.defaultTimeoutMs,
      1,
      MAX_APPROVAL_TIMEOUT_MS,
      DEFAULT_APPROVAL_TIMEOUT_MS,
    ),
  };
}
