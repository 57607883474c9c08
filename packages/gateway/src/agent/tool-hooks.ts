import type { HostLogger } from "@openclaw/plugin-loader";
import type { PluginRegistry } from "@openclaw/plugin-registry";
import type { AgentTool, AgentToolResult, PluginHookContext } from "@openclaw/plugin-sdk/core";
import { type CoreErrorCode, errorMessage } from "@openclaw/plugin-sdk/core";
import {
  type ApprovalQueue,
  type ApprovalResolution,
  type ApprovalVerdict,
  awaitApproval,
  snapshotParams,
} from "../approvals/index.js";
import type { HandlerOutcome, HookRunner } from "../hooks/hook-runner.js";
import { callPlugin } from "../plugin-calls.js";

/** What the `before_tool_call` chain decided. */
export interface ToolCallDecision {
  block: boolean;
  blockReason?: string;
  /** Plugin whose handler blocked (or failed). */
  blockedBy?: string;
  /** The params to run the tool with (possibly rewritten by a handler). */
  params: Record<string, unknown>;
  /** First approval request, stamped with the plugin that asked. */
  requireApproval?: { pluginId: string; [field: string]: unknown };
}

/** Outcome of one tool call through the hooks. */
export interface ToolCallOutcome {
  result: AgentToolResult;
  isError: boolean;
  blocked: boolean;
  /** The params the tool actually ran with. */
  params: Record<string, unknown>;
  durationMs: number;
  /** Settles when every `after_tool_call` handler has (not awaited by the caller). */
  afterHooks: Promise<unknown>;
  /** Why a blocked call did not run, as a code (`AGENT_TOOL_BLOCKED`, `GATEWAY_APPROVAL_DENIED`…). */
  errorCode?: CoreErrorCode;
  /** The approval the call waited for, if a plugin asked for one. */
  approval?: { id?: string; resolution?: ApprovalResolution; allowlistEntryId?: string };
}

function asParams(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** Merges one `before_tool_call` outcome into the decision; `false` stops the chain (a block). */
function mergeToolCallOutcome(
  decision: ToolCallDecision,
  pluginId: string,
  outcome: HandlerOutcome,
): boolean {
  if (!outcome.ok) {
    Object.assign(decision, { block: true, blockedBy: pluginId, blockReason: outcome.message });
    return false;
  }
  const value = asParams(outcome.value) ?? {};
  const params = asParams(value.params);
  if (params && (!decision.requireApproval || decision.requireApproval.pluginId === pluginId)) {
    decision.params = params;
  }
  if (value.requireApproval && !decision.requireApproval) {
    decision.requireApproval = { ...(asParams(value.requireApproval) ?? {}), pluginId };
  }
  if (typeof value.blockReason === "string") decision.blockReason = value.blockReason;
  if (value.block !== true) return true;
  Object.assign(decision, { block: true, blockedBy: pluginId });
  return false;
}

/**
 * Runs `before_tool_call` with the spec's semantics (R-HOOK-5/6): handlers in priority order, one at
 * a time; `block: true` is sticky and stops the chain; `blockReason` and `params` are last-defined,
 * except that `params` freeze once a *different* plugin set `requireApproval` (the first request wins
 * and is stamped with its plugin id). **Fail-closed**: a handler that throws or exceeds its budget is
 * a block. A block (even from a later, lower-priority handler) wins over an approval request; an
 * unblocked request is left in `requireApproval` for {@link runToolCall} to wait on.
 */
export async function decideToolCall(
  hooks: HookRunner,
  event: { toolName: string; params: Record<string, unknown>; runId?: string; toolCallId?: string },
  ctx: PluginHookContext,
): Promise<ToolCallDecision> {
  const decision: ToolCallDecision = { block: false, params: event.params };
  await hooks.runChain(
    "before_tool_call",
    () => event,
    ctx,
    (hook, outcome) => mergeToolCallOutcome(decision, hook.pluginId, outcome),
  );
  return decision;
}

function normalizeResult(value: unknown): AgentToolResult {
  const result = value as Partial<AgentToolResult> | undefined;
  if (result && Array.isArray(result.content)) return result as AgentToolResult;
  const text = typeof value === "string" ? value : JSON.stringify(value ?? null);
  return { content: [{ type: "text", text }], details: value };
}

function errorResult(message: string): AgentToolResult {
  return { content: [{ type: "text", text: message }], details: { error: message } };
}

/** The plugin that owns a tool: its calls go through the plugin budget helper (attribution, loop guard). */
export interface ToolOwner {
  registry: PluginRegistry;
  pluginId: string;
  logger?: HostLogger;
}

async function executeWithin(
  tool: AgentTool,
  toolCallId: string,
  params: Record<string, unknown>,
  signal: AbortSignal | undefined,
  timeoutMs: number,
  owner?: ToolOwner,
): Promise<AgentToolResult> {
  const budget = AbortSignal.timeout(timeoutMs);
  const combined = signal ? AbortSignal.any([signal, budget]) : budget;
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () =>
      reject(
        new Error(
          budget.aborted
            ? `tool ${tool.name} did not finish within ${timeoutMs} ms`
            : `tool ${tool.name} was aborted`,
        ),
      );
    if (combined.aborted) onAbort();
    else combined.addEventListener("abort", onAbort, { once: true });
  });
  try {
    return normalizeResult(
      await Promise.race([
        owner
          ? callPlugin(
              owner.registry,
              { pluginId: owner.pluginId, call: "tool", name: tool.name },
              () => tool.execute(toolCallId, params, combined),
              { budgetMs: timeoutMs, ...(owner.logger ? { logger: owner.logger } : {}) },
            )
          : Promise.resolve().then(() => tool.execute(toolCallId, params, combined)),
        aborted,
      ]),
    );
  } finally {
    if (onAbort) combined.removeEventListener("abort", onAbort);
    aborted.catch(() => undefined);
  }
}

/** Options of {@link runToolCall}. */
export interface RunToolCallOptions {
  hooks: HookRunner;
  /**
   * The gateway's approval queue: a `requireApproval` from `before_tool_call` waits there. Every
   * surface passes one; `undefined` (a host with nobody to ask) denies such calls at once.
   */
  approvals: ApprovalQueue | undefined;
  tool: AgentTool;
  toolCallId: string;
  params: Record<string, unknown>;
  ctx: PluginHookContext;
  runId?: string;
  /** The turn's signal: aborts the tool, and cancels a pending approval. */
  signal?: AbortSignal;
  timeoutMs: number;
  /** The tool's plugin; when given the call runs through the plugin budget helper. */
  owner?: ToolOwner;
}

function blockedOutcome(
  text: string,
  params: Record<string, unknown>,
  errorCode: CoreErrorCode,
  approval?: ToolCallOutcome["approval"],
): ToolCallOutcome {
  return {
    result: errorResult(text),
    isError: true,
    blocked: true,
    params,
    durationMs: 0,
    afterHooks: Promise.resolve(),
    errorCode,
    ...(approval ? { approval } : {}),
  };
}

/** Calls a plugin's `onResolution` through the plugin budget helper when the owner is known; never throws. */
function resolutionNotifier(options: RunToolCallOptions, pluginId: string) {
  return (onResolution: (resolution: ApprovalResolution) => unknown, resolution: ApprovalResolution) => {
    const call = () => onResolution(resolution);
    const registry = options.owner?.registry;
    const settled = registry
      ? callPlugin(registry, { pluginId, call: "hook", name: "before_tool_call.onResolution" }, call, {
          ...(options.owner?.logger ? { logger: options.owner.logger } : {}),
        })
      : Promise.resolve().then(call);
    settled.catch((error) =>
      options.owner?.logger?.warn(
        { plugin: pluginId, err: errorMessage(error) },
        "approval onResolution failed",
      ),
    );
  };
}

/** Holds the call at the approval gate with the turn's session, run, surface and signal. */
function waitForApproval(
  options: RunToolCallOptions,
  request: NonNullable<ToolCallDecision["requireApproval"]>,
  params: Record<string, unknown>,
): Promise<ApprovalVerdict> {
  const { ctx } = options;
  return awaitApproval(options.approvals, {
    request,
    toolName: options.tool.name,
    toolCallId: options.toolCallId,
    params,
    ...(ctx.sessionKey ? { sessionKey: ctx.sessionKey } : {}),
    ...(options.runId ? { runId: options.runId } : {}),
    ...(typeof ctx.messageProvider === "string" ? { messageProvider: ctx.messageProvider } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    notify: resolutionNotifier(options, request.pluginId),
  });
}

/**
 * Runs one tool call the way every surface must (agent turn, `tools.invoke`): `before_tool_call`
 * (fail-closed, may rewrite params or block); when a plugin asked for approval, the call waits in the
 * approval queue (operator decision, timeout per `timeoutBehavior`, or the turn's abort) and runs, if
 * allowed, with the params frozen when it was queued; then the tool within `timeoutMs` and the
 * caller's `signal` (a throw, a hang or an abort becomes an error result, never an exception), then
 * `after_tool_call` `{toolName, params, result|error, durationMs}` in parallel, not awaited.
 */
export async function runToolCall(options: RunToolCallOptions): Promise<ToolCallOutcome> {
  const { hooks, tool, toolCallId, ctx } = options;
  const decision = await decideToolCall(
    hooks,
    {
      toolName: tool.name,
      params: options.params,
      toolCallId,
      ...(options.runId ? { runId: options.runId } : {}),
    },
    ctx,
  );
  if (decision.block) {
    const reason = decision.blockReason ?? `blocked by ${decision.blockedBy}`;
    return blockedOutcome(`Tool call blocked: ${reason}`, decision.params, "AGENT_TOOL_BLOCKED");
  }
  let approval: ToolCallOutcome["approval"];
  if (decision.requireApproval) {
    decision.params = snapshotParams(decision.params);
    const verdict = await waitForApproval(options, decision.requireApproval, decision.params);
    approval = {
      ...(verdict.approvalId ? { id: verdict.approvalId } : {}),
      ...(verdict.resolution ? { resolution: verdict.resolution } : {}),
      ...(verdict.allowlistEntryId ? { allowlistEntryId: verdict.allowlistEntryId } : {}),
    };
    if (!verdict.allowed) {
      const text = verdict.message ?? "Tool call not approved";
      return blockedOutcome(text, decision.params, verdict.code ?? "GATEWAY_APPROVAL_DENIED", approval);
    }
  }
  const started = performance.now();
  let result: AgentToolResult;
  let error: string | undefined;
  try {
    result = await executeWithin(
      tool,
      toolCallId,
      decision.params,
      options.signal,
      options.timeoutMs,
      options.owner,
    );
  } catch (thrown) {
    error = errorMessage(thrown);
    result = errorResult(`Error: ${error}`);
  }
  const durationMs = Math.round(performance.now() - started);
  const afterHooks = hooks.runParallel(
    "after_tool_call",
    {
      toolName: tool.name,
      params: decision.params,
      toolCallId,
      ...(error === undefined ? { result } : { error }),
      durationMs,
    },
    ctx,
  );
  return {
    result,
    isError: error !== undefined,
    blocked: false,
    params: decision.params,
    durationMs,
    afterHooks,
    ...(approval ? { approval } : {}),
  };
}

/** The text of a tool result (text parts joined), as the model and the transcript see it. */
export function toolResultText(result: AgentToolResult): string {
  return result.content
    .map((part) => (part.type === "text" ? part.text : `[${part.mimeType} image]`))
    .join("\n");
}
