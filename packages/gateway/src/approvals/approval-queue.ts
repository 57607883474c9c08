import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import type { HostLogger } from "@openclaw/plugin-loader";
import { errorMessage, OpenClawError } from "@openclaw/plugin-sdk/core";
import type { AllowlistEntry } from "./allowlist-file.js";
import type { ApprovalAllowlist } from "./approval-allowlist.js";
import { type ApprovalLimits, resolveApprovalLimits } from "./approval-limits.js";
import type {
  ApprovalDecision,
  ApprovalRequestSpec,
  ApprovalResolution,
  ApprovalSeverity,
} from "./approval-request.js";
import { type ParamsView, paramsView } from "./params-view.js";

/** How many settled approval ids are remembered, so a late answer gets "already resolved". */
const RECENT_RESOLVED = 256;
/** Shortest id prefix `resolve` accepts in place of the whole id. */
const MIN_ID_PREFIX = 8;

/** `/ws` event names of the queue. */
export const APPROVAL_EVENT_NAMES = {
  requested: "approvals.requested",
  resolved: "approvals.resolved",
  /** A request an allowlist entry allowed without asking: {@link AutoAllowedApproval}. */
  autoAllowed: "approvals.autoAllowed",
  /** An allowlist entry was added or revoked: `{ change: "added" | "removed", entry }`. */
  allowlistChanged: "approvals.allowlistChanged",
} as const;

/** A pending approval as `approvals.list` and the `approvals.requested` event show it. */
export interface PendingApproval {
  id: string;
  pluginId: string;
  toolName: string;
  toolCallId: string | null;
  title: string;
  description: string;
  severity: ApprovalSeverity;
  /** The params the tool will run with (redacted, cut when large). */
  params: ParamsView;
  sessionKey: string | null;
  runId: string | null;
  /** Surface of the call (`rpc`, `cli`, a channel id…). */
  messageProvider: string | null;
  timeoutBehavior: "allow" | "deny";
  /** What the operator may answer (`deny` always among them). */
  allowedDecisions: ApprovalDecision[];
  /** What an `allow-always` would be keyed on besides plugin and tool; `null` = no narrowing key. */
  allowAlwaysKey: string | null;
  /** Epoch ms. */
  createdAt: number;
  /** Epoch ms; at that moment `timeoutBehavior` applies. */
  expiresAt: number;
}

/** How a request ended (the `approvals.resolved` event and the waiting tool call). */
export interface ApprovalOutcome {
  id: string;
  resolution: ApprovalResolution;
  /** Whether the tool may run: `allow-once`, `allow-always`, or a timeout with `timeoutBehavior: "allow"`. */
  allowed: boolean;
  /** Epoch ms. */
  resolvedAt: number;
  /** Why it was cancelled (turn aborted, gateway stopping). */
  reason?: string;
  /** The allowlist entry an `allow-always` created (or found already there). */
  allowlistEntry?: AllowlistEntry;
}

/** A request allowed by an allowlist entry, without queueing (the `approvals.autoAllowed` event). */
export interface AutoAllowedApproval {
  entryId: string;
  pluginId: string;
  toolName: string;
  allowAlwaysKey: string | null;
  title: string;
  toolCallId: string | null;
  sessionKey: string | null;
  runId: string | null;
  /** Epoch ms. */
  at: number;
}

/** What a tool call hands the queue. */
export interface ApprovalInput {
  spec: ApprovalRequestSpec;
  toolName: string;
  toolCallId?: string;
  params: Record<string, unknown>;
  sessionKey?: string;
  runId?: string;
  messageProvider?: string;
  /** The turn's signal: aborting it cancels the request. */
  signal?: AbortSignal;
}

/** Options of {@link ApprovalQueue}. */
export interface ApprovalQueueOptions extends ApprovalLimits {
  /** Read at every request (so a config reload applies); wins over the fixed numbers. */
  limits?: () => ApprovalLimits;
  /** Where `allow-always` decisions are kept; without one `allow-always` is unavailable. */
  allowlist?: ApprovalAllowlist;
  /** Logs allowlist hits and an unreadable allowlist. */
  logger?: HostLogger;
}

interface Entry {
  approval: PendingApproval;
  settle: (outcome: ApprovalOutcome) => void;
  timer: ReturnType<typeof setTimeout>;
  cleanup: () => void;
}

const NO_SESSION = "\u0000none";

/**
 * The gateway's pending plugin approvals, in memory. A tool call whose `before_tool_call` asked for
 * approval waits here until an operator answers (`approvals.resolve`), its timeout passes
 * (`timeoutBehavior` applies) or its turn is aborted (cancelled). Bounded per gateway and per session.
 * Emits `event` with `(name, payload)` for `approvals.requested` (a {@link PendingApproval}) and
 * `approvals.resolved` (an {@link ApprovalOutcome} plus the request's plugin, tool, session and run).
 */
export class ApprovalQueue extends EventEmitter {
  readonly #pending = new Map<string, Entry>();
  readonly #recent = new Map<string, ApprovalOutcome>();
  readonly #options: ApprovalQueueOptions;
  /** The persistent allowlist, when this gateway keeps one. */
  readonly allowlist: ApprovalAllowlist | undefined;

  constructor(options: ApprovalQueueOptions = {}) {
    super();
    this.#options = options;
    this.allowlist = options.allowlist;
  }

  /** The caps and default wait in force (config values clamped to their ranges). */
  limits(): Required<ApprovalLimits> {
    return resolveApprovalLimits({ ...this.#options, ...this.#options.limits?.() });
  }

  /** Number of pending approvals. */
  get size(): number {
    return this.#pending.size;
  }

  /**
   * Adds a pending approval and returns it with the promise of its outcome (never rejects).
   * @throws {@link OpenClawError} `GATEWAY_APPROVAL_LIMIT` when the gateway or the session already
   * has its maximum of pending approvals (nothing is added).
   */
  request(input: ApprovalInput): { approval: PendingApproval; outcome: Promise<ApprovalOutcome> } {
    this.#checkLimits(input.sessionKey);
    const now = Date.now();
    const { spec } = input;
    const approval: PendingApproval = {
      id: randomUUID(),
      pluginId: spec.pluginId,
      toolName: input.toolName,
      toolCallId: input.toolCallId ?? null,
      title: spec.title,
      description: spec.description,
      severity: spec.severity,
      params: paramsView(input.params),
      sessionKey: input.sessionKey ?? null,
      runId: input.runId ?? null,
      messageProvider: input.messageProvider ?? null,
      timeoutBehavior: spec.timeoutBehavior,
      allowedDecisions: [...spec.allowedDecisions],
      allowAlwaysKey: spec.allowAlwaysKey,
      createdAt: now,
      expiresAt: now + spec.timeoutMs,
    };
    const outcome = new Promise<ApprovalOutcome>((settle) => {
      const onAbort = () => this.#settlePending(approval.id, "cancelled", abortReason(input.signal));
      const timer = setTimeout(() => this.#settlePending(approval.id, "timeout"), spec.timeoutMs);
      timer.unref?.();
      input.signal?.addEventListener("abort", onAbort, { once: true });
      const cleanup = () => {
        clearTimeout(timer);
        input.signal?.removeEventListener("abort", onAbort);
      };
      this.#pending.set(approval.id, { approval, settle, timer, cleanup });
    });
    this.emit("event", APPROVAL_EVENT_NAMES.requested, approval);
    if (input.signal?.aborted) this.#settlePending(approval.id, "cancelled", abortReason(input.signal));
    return { approval, outcome };
  }

  /** Pending approvals, oldest first; only one session's with `sessionKey`. */
  list(filter: { sessionKey?: string } = {}): PendingApproval[] {
    const all = [...this.#pending.values()].map((e) => e.approval);
    return filter.sessionKey === undefined ? all : all.filter((a) => a.sessionKey === filter.sessionKey);
  }

  /**
   * Answers a pending approval (by id, or a unique prefix of at least 8 characters). `allow-always`
   * first records an allowlist entry (plugin id + tool name + `allowAlwaysKey`); if that fails the
   * approval stays pending and the error is thrown.
   * @throws {@link OpenClawError} `GATEWAY_APPROVAL_NOT_FOUND` (unknown id, or an ambiguous prefix),
   * `GATEWAY_APPROVAL_RESOLVED` (already answered, expired or cancelled),
   * `GATEWAY_APPROVAL_DECISION_UNAVAILABLE` (not among the request's `allowedDecisions`, or
   * `allow-always` without an allowlist), `GATEWAY_APPROVAL_ALLOWLIST_CORRUPT`,
   * `GATEWAY_APPROVAL_ALLOWLIST_LOCKED`.
   */
  async resolve(id: string, decision: ApprovalDecision): Promise<ApprovalOutcome> {
    const fullId = this.#lookup(id.trim());
    const entry = this.#pending.get(fullId);
    if (!entry || decision !== "allow-always") {
      if (entry) this.#checkDecision(entry.approval, decision);
      return this.#finish(fullId, decision) as ApprovalOutcome;
    }
    this.#checkDecision(entry.approval, decision);
    const { approval } = entry;
    const { entry: saved, created } = await (this.allowlist as ApprovalAllowlist).add({
      pluginId: approval.pluginId,
      toolName: approval.toolName,
      allowAlwaysKey: approval.allowAlwaysKey,
      title: approval.title,
      approvalId: approval.id,
      sessionKey: approval.sessionKey,
    });
    if (created) this.emit("event", APPROVAL_EVENT_NAMES.allowlistChanged, { change: "added", entry: saved });
    if (!this.#pending.has(fullId)) {
      const earlier = this.#recent.get(fullId);
      throw new OpenClawError(
        "GATEWAY_APPROVAL_RESOLVED",
        `approval ${fullId} ${earlier ? describeResolution(earlier.resolution) : "ended"} while its allowlist entry ${saved.id} was being saved; the entry stays (revoke it with \`openclaw approvals revoke ${saved.id}\`)`,
      );
    }
    return this.#finish(fullId, decision, undefined, saved) as ApprovalOutcome;
  }

  /**
   * The allowlist entry allowing a new request of `spec`'s plugin for `toolName`, if any; a hit is
   * reported as `approvals.autoAllowed` and logged. An unreadable allowlist is logged and allows
   * nothing (the request is queued as usual).
   */
  async allowlisted(
    spec: ApprovalRequestSpec,
    context: { toolName: string; toolCallId?: string; sessionKey?: string; runId?: string },
  ): Promise<AllowlistEntry | undefined> {
    if (!this.allowlist || !spec.allowedDecisions.includes("allow-always")) return undefined;
    let entry: AllowlistEntry | undefined;
    try {
      entry = await this.allowlist.find(spec.pluginId, context.toolName, spec.allowAlwaysKey);
    } catch (error) {
      this.#options.logger?.warn(
        { err: errorMessage(error), path: this.allowlist.path },
        "approvals allowlist unreadable; asking an operator instead",
      );
      return undefined;
    }
    if (!entry) return undefined;
    const hit: AutoAllowedApproval = {
      entryId: entry.id,
      pluginId: spec.pluginId,
      toolName: context.toolName,
      allowAlwaysKey: spec.allowAlwaysKey,
      title: spec.title,
      toolCallId: context.toolCallId ?? null,
      sessionKey: context.sessionKey ?? null,
      runId: context.runId ?? null,
      at: Date.now(),
    };
    this.#options.logger?.info(hit, "tool call allowed by approvals allowlist entry");
    this.emit("event", APPROVAL_EVENT_NAMES.autoAllowed, hit);
    return entry;
  }

  /**
   * Revokes an allowlist entry (by id or a unique 6+ character prefix) and reports it as
   * `approvals.allowlistChanged`.
   * @throws {@link OpenClawError} `GATEWAY_APPROVAL_ALLOWLIST_ENTRY_NOT_FOUND` (also when this gateway
   * keeps no allowlist), `GATEWAY_APPROVAL_ALLOWLIST_CORRUPT`, `GATEWAY_APPROVAL_ALLOWLIST_LOCKED`.
   */
  async revoke(entryId: string): Promise<AllowlistEntry> {
    if (!this.allowlist) {
      throw new OpenClawError(
        "GATEWAY_APPROVAL_ALLOWLIST_ENTRY_NOT_FOUND",
        "this gateway keeps no allowlist",
      );
    }
    const entry = await this.allowlist.remove(entryId);
    this.emit("event", APPROVAL_EVENT_NAMES.allowlistChanged, { change: "removed", entry });
    return entry;
  }

  #checkDecision(approval: PendingApproval, decision: ApprovalDecision): void {
    const offered = approval.allowedDecisions.includes(decision);
    if (offered && (decision !== "allow-always" || this.allowlist)) return;
    throw new OpenClawError(
      "GATEWAY_APPROVAL_DECISION_UNAVAILABLE",
      offered
        ? `${decision} is unavailable: this gateway keeps no approvals allowlist`
        : `${decision} is unavailable for approval ${approval.id}: plugin ${approval.pluginId} offers ${approval.allowedDecisions.join(", ")}`,
      { details: { allowedDecisions: approval.allowedDecisions } },
    );
  }

  /** Cancels every pending approval (their tool calls do not run); e.g. when the gateway stops. */
  cancelAll(reason: string): void {
    for (const id of [...this.#pending.keys()]) this.#settlePending(id, "cancelled", reason);
  }

  /** Settles `id` if it is still pending (timer, abort and shutdown paths: never throws). */
  #settlePending(id: string, resolution: ApprovalResolution, reason?: string): void {
    if (this.#pending.has(id)) this.#finish(id, resolution, reason);
  }

  #checkLimits(sessionKey: string | undefined): void {
    const { maxPending, maxPendingPerSession } = this.limits();
    if (this.#pending.size >= maxPending) {
      throw new OpenClawError(
        "GATEWAY_APPROVAL_LIMIT",
        `${this.#pending.size} approvals are already pending in this gateway (limit ${maxPending})`,
        { hint: "Answer pending approvals with `openclaw approvals list` / `approve` / `deny`." },
      );
    }
    const bucket = sessionKey ?? NO_SESSION;
    let inSession = 0;
    for (const { approval } of this.#pending.values())
      if ((approval.sessionKey ?? NO_SESSION) === bucket) inSession += 1;
    if (inSession >= maxPendingPerSession) {
      throw new OpenClawError(
        "GATEWAY_APPROVAL_LIMIT",
        `${inSession} approvals are already pending for session ${sessionKey ?? "(none)"} (limit ${maxPendingPerSession})`,
        { hint: "Answer pending approvals with `openclaw approvals list` / `approve` / `deny`." },
      );
    }
  }

  #lookup(id: string): string {
    if (this.#pending.has(id) || this.#recent.has(id)) return id;
    if (id.length >= MIN_ID_PREFIX) {
      const matches = [...this.#pending.keys(), ...this.#recent.keys()].filter((k) => k.startsWith(id));
      if (matches.length === 1) return matches[0] as string;
    }
    throw new OpenClawError("GATEWAY_APPROVAL_NOT_FOUND", `no approval with id ${JSON.stringify(id)}`, {
      hint: "Run `openclaw approvals list` to see the pending approvals and their ids.",
    });
  }

  #finish(
    id: string,
    resolution: ApprovalResolution,
    reason?: string,
    allowlistEntry?: AllowlistEntry,
  ): ApprovalOutcome | undefined {
    const entry = this.#pending.get(id);
    if (!entry) {
      const earlier = this.#recent.get(id);
      if (!earlier) return undefined;
      throw new OpenClawError(
        "GATEWAY_APPROVAL_RESOLVED",
        `approval ${id} is no longer pending (${describeResolution(earlier.resolution)})`,
        { hint: "Its tool call has moved on; run `openclaw approvals list` for the pending ones." },
      );
    }
    this.#pending.delete(id);
    entry.cleanup();
    const allowed =
      resolution === "allow-once" ||
      resolution === "allow-always" ||
      (resolution === "timeout" && entry.approval.timeoutBehavior === "allow");
    const outcome: ApprovalOutcome = {
      id,
      resolution,
      allowed,
      resolvedAt: Date.now(),
      ...(reason ? { reason } : {}),
      ...(allowlistEntry ? { allowlistEntry } : {}),
    };
    this.#remember(outcome);
    entry.settle(outcome);
    const { pluginId, toolName, sessionKey, runId } = entry.approval;
    this.emit("event", APPROVAL_EVENT_NAMES.resolved, { ...outcome, pluginId, toolName, sessionKey, runId });
    return outcome;
  }

  #remember(outcome: ApprovalOutcome): void {
    this.#recent.set(outcome.id, outcome);
    if (this.#recent.size > RECENT_RESOLVED) {
      const oldest = this.#recent.keys().next().value;
      if (oldest !== undefined) this.#recent.delete(oldest);
    }
  }
}

function abortReason(signal: AbortSignal | undefined): string {
  const reason = signal?.reason;
  return reason instanceof Error
    ? reason.message
    : typeof reason === "string"
      ? reason
      : "the turn was aborted";
}

/** "allowed once", "denied", "expired", "cancelled". */
export function describeResolution(resolution: ApprovalResolution): string {
  switch (resolution) {
    case "allow-once":
      return "allowed once";
    case "allow-always":
      return "allowed always";
    case "deny":
      return "denied";
    case "timeout":
      return "expired";
    default:
      return "cancelled";
  }
}
