/*
 * The shape of a plugin's `before_tool_call` → `requireApproval` request, normalised. Field names,
 * the default and maximum wait and the title/description limits follow upstream OpenClaw's plugin
 * approvals (`requireApproval {title, description, severity?, timeoutMs?, timeoutBehavior?,
 * onResolution?}`, default 120 s, at most 600 s, title 80 and description 512 characters).
 */

/** How alarming the request is, as the operator sees it. */
export type ApprovalSeverity = "info" | "warning" | "critical";

/** What an operator can answer. */
export type ApprovalDecision = "allow-once" | "deny";

/** How a request ended: an operator's decision, no answer in time, or the turn went away. */
export type ApprovalResolution = ApprovalDecision | "timeout" | "cancelled";

/** Decisions accepted by `approvals.resolve`. */
export const APPROVAL_DECISIONS: readonly ApprovalDecision[] = ["allow-once", "deny"];

/** Default wait for a decision, in ms (upstream's default). */
export const DEFAULT_APPROVAL_TIMEOUT_MS = 120_000;
/** Longest wait a plugin may ask for, in ms; longer requests are clamped. */
export const MAX_APPROVAL_TIMEOUT_MS = 600_000;
/** Longest title shown, in characters (longer ones are cut with `…`). */
export const APPROVAL_TITLE_MAX_CHARS = 80;
/** Longest description shown, in characters. */
export const APPROVAL_DESCRIPTION_MAX_CHARS = 512;

/** A plugin's approval request after validation, defaults and limits. */
export interface ApprovalRequestSpec {
  /** The plugin whose `before_tool_call` handler asked (stamped by the hook merge, never the plugin's word). */
  pluginId: string;
  title: string;
  description: string;
  severity: ApprovalSeverity;
  /** How long to wait for a decision, in ms (1 … {@link MAX_APPROVAL_TIMEOUT_MS}). */
  timeoutMs: number;
  /** What happens when nobody decides in time; default `deny`. */
  timeoutBehavior: "allow" | "deny";
  /** Told how the request ended (`allow-once`, `deny`, `timeout`, `cancelled`); never awaited. */
  onResolution?: (resolution: ApprovalResolution) => unknown;
}

function clip(text: string, max: number): string {
  const chars = [...text.trim()];
  return chars.length <= max ? chars.join("") : `${chars.slice(0, max - 1).join("")}…`;
}

function timeoutOf(value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) return DEFAULT_APPROVAL_TIMEOUT_MS;
  return Math.min(Math.ceil(value), MAX_APPROVAL_TIMEOUT_MS);
}

/**
 * Normalises the `requireApproval` value of a `before_tool_call` result: a missing or blank title
 * becomes "<plugin> asks to run <tool>", text is trimmed and clipped, an unknown severity is
 * `warning`, a missing or invalid `timeoutMs` is 120 000 and a larger one is clamped to 600 000,
 * `timeoutBehavior` is `allow` only when the plugin says exactly that.
 */
export function normalizeApprovalRequest(
  raw: Record<string, unknown> & { pluginId: string },
  toolName: string,
): ApprovalRequestSpec {
  const title = typeof raw.title === "string" && raw.title.trim() !== "" ? raw.title : "";
  const severity = raw.severity;
  return {
    pluginId: raw.pluginId,
    title: clip(title || `${raw.pluginId} asks to run ${toolName}`, APPROVAL_TITLE_MAX_CHARS),
    description:
      typeof raw.description === "string" ? clip(raw.description, APPROVAL_DESCRIPTION_MAX_CHARS) : "",
    severity: severity === "info" || severity === "critical" ? severity : "warning",
    timeoutMs: timeoutOf(raw.timeoutMs),
    timeoutBehavior: raw.timeoutBehavior === "allow" ? "allow" : "deny",
    ...(typeof raw.onResolution === "function"
      ? { onResolution: raw.onResolution as (resolution: ApprovalResolution) => unknown }
      : {}),
  };
}
