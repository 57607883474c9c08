import { type CoreErrorCode, errorMessage, isOpenClawError } from "@openclaw/plugin-sdk/core";
import type { ApprovalQueue } from "./approval-queue.js";
import { type ApprovalResolution, normalizeApprovalRequest } from "./approval-request.js";

/** The verdict of the approval gate for one tool call. */
export interface ApprovalVerdict {
  allowed: boolean;
  /** Why the tool did not run, as the model (tool-result error) and `tools.invoke` callers see it. */
  message?: string;
  /** The coded error `tools.invoke` raises when not allowed. */
  code?: CoreErrorCode;
  approvalId?: string;
  resolution?: ApprovalResolution;
  /** The allowlist entry that allowed the call without asking. */
  allowlistEntryId?: string;
}

/** One tool call waiting at the gate. */
export interface ApprovalGateInput {
  /** The merged `requireApproval` of `before_tool_call`, stamped with the asking plugin. */
  request: Record<string, unknown> & { pluginId: string };
  toolName: string;
  toolCallId?: string;
  /** The (frozen) params the tool will run with once allowed. */
  params: Record<string, unknown>;
  sessionKey?: string;
  runId?: string;
  messageProvider?: string;
  signal?: AbortSignal;
  /** Tells the plugin's `onResolution` how it ended (called once, never awaited). */
  notify?: (
    onResolution: (resolution: ApprovalResolution) => unknown,
    resolution: ApprovalResolution,
  ) => void;
}

function quoted(title: string, id: string | undefined, pluginId: string): string {
  return `"${title}" (${id ? `approval ${id}, ` : ""}asked by plugin ${pluginId})`;
}

/**
 * Holds a tool call until its approval is answered: a request an allowlist entry covers (an earlier
 * `allow-always` for the same plugin, tool and `allowAlwaysKey`) is allowed at once and reported as
 * `approvals.autoAllowed`; otherwise it is queued (visible to `approvals.list` and the
 * `approvals.requested` event) and waits for an operator, the timeout or the turn's abort, and the
 * outcome becomes a verdict. Without a queue (a host with nobody to ask) the call is denied at once.
 * Never throws: a full queue is a denied verdict with `GATEWAY_APPROVAL_LIMIT`.
 */
export async function awaitApproval(
  queue: ApprovalQueue | undefined,
  input: ApprovalGateInput,
): Promise<ApprovalVerdict> {
  const spec = normalizeApprovalRequest(input.request, input.toolName, queue?.limits().defaultTimeoutMs);
  const what = (id?: string) => quoted(spec.title, id, spec.pluginId);
  const tell = (resolution: ApprovalResolution) => {
    if (spec.onResolution) input.notify?.(spec.onResolution, resolution);
  };
  const standing = await queue?.allowlisted(spec, { toolName: input.toolName, ...optional(input) });
  if (standing) {
    tell("allow-always");
    return { allowed: true, resolution: "allow-always", allowlistEntryId: standing.id };
  }
  if (!queue) {
    tell("cancelled");
    return {
      allowed: false,
      code: "GATEWAY_APPROVAL_DENIED",
      message: `Tool call not approved: ${what()} needs an operator's approval and this host has no approval queue`,
    };
  }
  let pending: ReturnType<ApprovalQueue["request"]>;
  try {
    pending = queue.request({
      spec,
      toolName: input.toolName,
      params: input.params,
      ...optional(input),
    });
  } catch (error) {
    tell("cancelled");
    return {
      allowed: false,
      code:
        isOpenClawError(error) && error.code === "GATEWAY_APPROVAL_LIMIT"
          ? "GATEWAY_APPROVAL_LIMIT"
          : "GATEWAY_APPROVAL_DENIED",
      message: `Tool call not approved: ${what()} could not be queued: ${errorMessage(error)}`,
    };
  }
  const outcome = await pending.outcome;
  tell(outcome.resolution);
  const id = outcome.id;
  const base = { approvalId: id, resolution: outcome.resolution };
  if (outcome.allowed) return { allowed: true, ...base };
  const seconds = Math.round(spec.timeoutMs / 100) / 10;
  const message =
    outcome.resolution === "deny"
      ? `Tool call denied: an operator denied ${what(id)}`
      : outcome.resolution === "timeout"
        ? `Tool call not approved: nobody answered ${what(id)} within ${seconds} s (timeoutBehavior deny)`
        : `Tool call cancelled while waiting for approval ${what(id)}: ${outcome.reason ?? "cancelled"}`;
  return { allowed: false, code: "GATEWAY_APPROVAL_DENIED", message, ...base };
}

function optional(input: ApprovalGateInput) {
  return {
    ...(input.toolCallId ? { toolCallId: input.toolCallId } : {}),
    ...(input.sessionKey ? { sessionKey: input.sessionKey } : {}),
    ...(input.runId ? { runId: input.runId } : {}),
    ...(input.messageProvider ? { messageProvider: input.messageProvider } : {}),
    ...(input.signal ? { signal: input.signal } : {}),
  };
}
