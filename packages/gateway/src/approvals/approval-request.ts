/*
 * The shape of a plugin's `before_tool_call` → `requireApproval` request, normalised. Field names,
 * the default and maximum wait and the title/description limits follow upstream OpenClaw's plugin
 * approvals (`requireApproval {title, description, severity?, timeoutMs?, timeoutBehavior?,
 * allowedDecisions?, onResolution?}`, default 120 s, at most 600 s, title 80 and description 512
 * characters; decisions `allow-once | allow-always | deny`, all three offered by default). The
 * `allowAlwaysKey` narrowing an `allow-always` follows upstream's proposal (openclaw/openclaw PR 94383:
 * allow-always remembered per plugin id, tool name and a plugin-supplied key).
 */

/** How alarming the request is, as the operator sees it. */
export type ApprovalSeverity = "info" | "warning" | "critical";

/** What an operator can answer. */
export type ApprovalDecision = "allow-once" | "allow-always" | "deny";

/** How a request ended: an operator's decision, no answer in time, or the turn went away. */
export type ApprovalResolution = ApprovalDecision | "timeout" | "cancelled";

/** Decisions accepted by `approvals.resolve`, in the order operators see them. */
export const APPROVAL_DECISIONS: readonly ApprovalDecision[] = ["allow-once", "allow-always", "deny"];

/** Longest `allowAlwaysKey`, in characters (longer keys are refused: the request offers no allow-always). */
export const ALLOW_ALWAYS_KEY_MAX_CHARS = 200;

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
  /**
   * What the operator may answer, in {@link APPROVAL_DECISIONS} order. Default all three; `deny` is
   * always included (an operator can always refuse).
   */
  allowedDecisions: ApprovalDecision[];
  /**
   * Narrows an `allow-always` to requests carrying the same key (e.g. the recipient), besides plugin
   * id and tool name; `null` when the plugin gave none (the entry then covers every call of the tool
   * that this plugin asks about).
   */
  allowAlwaysKey: string | null;
  /** Told how the request ended (`allow-once`, `deny`, `timeout`, `cancelled`); never awaited. */
  onResolution?: (resolution: ApprovalResolution) => unknown;
}

function clip(text: string, max: number): string {
  const chars = [...text.trim()];
  return chars.length <= max ? chars.join("") : `${chars.slice(0, max - 1).join("")}…`;
}

function timeoutOf(value: unknown, fallbackMs: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) return fallbackMs;
  return Math.min(Math.ceil(value), MAX_APPROVAL_TIMEOUT_MS);
}

/** The plugin's `allowedDecisions` (unknown values dropped), in canonical order, `deny` always in. */
function decisionsOf(value: unknown): ApprovalDecision[] {
  if (!Array.isArray(value)) return [...APPROVAL_DECISIONS];
  return APPROVAL_DECISIONS.filter((d) => d === "deny" || value.includes(d));
}

function allowAlwaysKeyOf(value: unknown): string | null | undefined {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string" || value.trim() === "") return undefined;
  const key = value.trim();
  return key.length <= ALLOW_ALWAYS_KEY_MAX_CHARS ? key : undefined;
}

/**
 * Normalises the `requireApproval` value of a `before_tool_call` result: a missing or blank title
 * becomes "<plugin> asks to run <tool>", text is trimmed and clipped, an unknown severity is
 * `warning`, a missing or invalid `timeoutMs` is `defaultTimeoutMs` (120 000 unless configured) and
 * a larger one is clamped to 600 000, `timeoutBehavior` is `allow` only when the plugin says exactly
 * that. `allowedDecisions` keeps the known decisions (default all three) and always `deny`; an
 * `allowAlwaysKey` that is not a non-blank string of at most 200 characters withdraws `allow-always`
 * (an entry must never be broader than the plugin meant).
 */
export function normalizeApprovalRequest(
  raw: Record<string, unknown> & { pluginId: string },
  toolName: string,
  defaultTimeoutMs: number = DEFAULT_APPROVAL_TIMEOUT_MS,
): ApprovalRequestSpec {
  const title = typeof raw.title === "string" && raw.title.trim() !== "" ? raw.title : "";
  const severity = raw.severity;
  const allowAlwaysKey = allowAlwaysKeyOf(raw.allowAlwaysKey);
  const allowedDecisions = decisionsOf(raw.allowedDecisions).filter(
    (d) => d !== "allow-always" || allowAlwaysKey !== undefined,
  );
  return {
    pluginId: raw.pluginId,
    title: clip(title || `${raw.pluginId} asks to run ${toolName}`, APPROVAL_TITLE_MAX_CHARS),
    description:
      typeof raw.description === "string" ? clip(raw.description, APPROVAL_DESCRIPTION_MAX_CHARS) : "",
    severity: severity === "info" || severity === "critical" ? severity : "warning",
    timeoutMs: timeoutOf(raw.timeoutMs, defaultTimeoutMs),
    timeoutBehavior: raw.timeoutBehavior === "allow" ? "allow" : "deny",
    allowedDecisions,
    allowAlwaysKey: allowAlwaysKey ?? null,
    ...(typeof raw.onResolution === "function"
      ? { onResolution: raw.onResolution as (resolution: ApprovalResolution) => unknown }
      : {}),
  };
}
