import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { OpenClawError } from "@openclaw/plugin-sdk/core";
import type {
  ApprovalDecision,
  ApprovalRequestSpec,
  ApprovalResolution,
  ApprovalSeverity,
} from "./approval-request.js";
import { type ParamsView, paramsView } from "./params-view.js";

/** Default cap of pending approvals in one gateway. */
export const DEFAULT_MAX_PENDING_APPROVALS = 64;
/** Default cap of pending approvals of one session key (tool calls without one share a bucket). */
export const DEFAULT_MAX_PENDING_APPROVALS_PER_SESSION = 8;
/** How many settled approval ids are remembered, so a late answer gets "already resolved". */
const RECENT_RESOLVED = 256;
/** Shortest id prefix `resolve` accepts in place of the whole id. */
const MIN_ID_PREFIX = 8;

/** `/ws` event names of the queue. */
export const APPROVAL_EVENT_NAMES = {
  requested: "approvals.requested",
  resolved: "approvals.resolved",
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
  /** Epoch ms. */
  createdAt: number;
  /** Epoch ms; at that moment `timeoutBehavior` applies. */
  expiresAt: number;
}

/** How a request ended (the `approvals.resolved` event and the waiting tool call). */
export interface ApprovalOutcome {
  id: string;
  resolution: ApprovalResolution;
  /** Whether the tool may run: `allow-once`, or a timeout with `timeoutBehavior: "allow"`. */
  allowed: boolean;
  /** Epoch ms. */
  resolvedAt: number;
  /** Why it was cancelled (turn aborted, gateway stopping). */
  reason?: string;
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

/** Caps of {@link ApprovalQueue}. */
export interface ApprovalQueueOptions {
  /** Default {@link DEFAULT_MAX_PENDING_APPROVALS}. */
  maxPending?: number;
  /** Default {@link DEFAULT_MAX_PENDING_APPROVALS_PER_SESSION}. */
  maxPendingPerSession?: number;
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
  readonly #maxPending: number;
  readonly #maxPerSession: number;

  constructor(options: ApprovalQueueOptions = {}) {
    super();
    this.#maxPending = options.maxPending ?? DEFAULT_MAX_PENDING_APPROVALS;
    this.#maxPerSession = options.maxPendingPerSession ?? DEFAULT_MAX_PENDING_APPROVALS_PER_SESSION;
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
   * Answers a pending approval (by id, or a unique prefix of at least 8 characters).
   * @throws {@link OpenClawError} `GATEWAY_APPROVAL_NOT_FOUND` (unknown id, or an ambiguous prefix),
   * `GATEWAY_APPROVAL_RESOLVED` (already answered, expired or cancelled).
   */
  resolve(id: string, decision: ApprovalDecision): ApprovalOutcome {
    const fullId = this.#lookup(id.trim());
    return this.#finish(fullId, decision) as ApprovalOutcome;
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
    if (this.#pending.size >= this.#maxPending) {
      throw new OpenClawError(
        "GATEWAY_APPROVAL_LIMIT",
        `${this.#pending.size} approvals are already pending in this gateway (limit ${this.#maxPending})`,
        { hint: "Answer pending approvals with `openclaw approvals list` / `approve` / `deny`." },
      );
    }
    const bucket = sessionKey ?? NO_SESSION;
    let inSession = 0;
    for (const { approval } of this.#pending.values())
      if ((approval.sessionKey ?? NO_SESSION) === bucket) inSession += 1;
    if (inSession >= this.#maxPerSession) {
      throw new OpenClawError(
        "GATEWAY_APPROVAL_LIMIT",
        `${inSession} approvals are already pending for session ${sessionKey ?? "(none)"} (limit ${this.#maxPerSession})`,
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

  #finish(id: string, resolution: ApprovalResolution, reason?: string): ApprovalOutcome | undefined {
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
      resolution === "allow-once" || (resolution === "timeout" && entry.approval.timeoutBehavior === "allow");
    const outcome: ApprovalOutcome = {
      id,
      resolution,
      allowed,
      resolvedAt: Date.now(),
      ...(reason ? { reason } : {}),
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
    case "deny":
      return "denied";
    case "timeout":
      return "expired";
    default:
      return "cancelled";
  }
}
