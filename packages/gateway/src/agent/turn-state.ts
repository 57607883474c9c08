import { randomUUID } from "node:crypto";
import { OpenClawError, type PluginHookContext, type RuntimeUsage } from "@openclaw/plugin-sdk/core";
import { agentConfig, DEFAULT_TURN_TIMEOUT_MS } from "./config.js";
import { checkSessionKey, type TranscriptMessage, type TranscriptWriter } from "./session-store.js";
import type { AgentDeps, AgentEvent, AgentTurnParams, StopReason, ToolCallRecord } from "./types.js";

/** Longest delay a Node timer accepts, in ms (2^31 − 1). */
const MAX_TIMER_MS = 2_147_483_647;

/** Mutable state of one running turn. */
export interface TurnState {
  runId: string;
  sessionKey: string;
  sessionId: string;
  started: number;
  /** Aborts on the caller's signal or the turn budget. */
  signal: AbortSignal;
  timeout: AbortSignal;
  timeoutMs: number;
  ctx: PluginHookContext;
  text: string;
  assistantTexts: string[];
  toolCalls: ToolCallRecord[];
  /** Messages this turn wrote (for `agent_end` and the context engine's ingest). */
  written: TranscriptMessage[];
  usage?: RuntimeUsage;
  stopReason: StopReason;
  /** Transcript writes of this turn, chained so they land in order. */
  writes: Promise<void>;
  /** The transcript opened for this turn's appends, once the session is loaded. */
  writer?: Promise<TranscriptWriter>;
  /** Promises of hooks the turn does not wait for. */
  pending: Array<Promise<unknown>>;
  emit: (event: AgentEvent) => void;
}

/**
 * Validates the parameters and sets up ids, the combined abort signal and the hook context.
 * @throws {@link OpenClawError} `AGENT_INVALID_PARAMS`.
 */
export function createTurnState(deps: AgentDeps, params: AgentTurnParams): TurnState {
  if (typeof params.prompt !== "string" || params.prompt.trim() === "") {
    throw new OpenClawError("AGENT_INVALID_PARAMS", "an agent turn needs a non-empty prompt", {
      hint: 'Example: openclaw agent --message "hello"',
    });
  }
  const sessionKey = checkSessionKey(params.sessionKey ?? "main");
  const timeoutMs =
    params.timeoutMs ?? agentConfig(deps.config()).agents?.defaults?.timeoutMs ?? DEFAULT_TURN_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new OpenClawError("AGENT_INVALID_PARAMS", "timeoutMs must be a positive number of milliseconds");
  }
  // Timers hold at most 2^31−1 ms: a longer budget would fire after 1 ms (Node's overflow rule) or
  // throw a RangeError, so it is clamped (24.8 days is "no limit" for a turn).
  const timeout = AbortSignal.timeout(Math.min(Math.ceil(timeoutMs), MAX_TIMER_MS));
  const runId = params.runId ?? randomUUID();
  const emit = (event: AgentEvent): void => {
    try {
      params.onEvent?.(event);
      if (event.type === "delta") params.onTextDelta?.(event.text);
    } catch {
      // A listener's failure must not end the turn.
    }
  };
  return {
    runId,
    sessionKey,
    sessionId: "",
    started: performance.now(),
    signal: params.signal ? AbortSignal.any([params.signal, timeout]) : timeout,
    timeout,
    timeoutMs,
    ctx: {
      runId,
      agentId: "main",
      sessionKey,
      workspaceDir: deps.workspaceDir,
      messageProvider: params.messageProvider ?? "rpc",
      trigger: "user",
    },
    text: "",
    assistantTexts: [],
    toolCalls: [],
    written: [],
    stopReason: "stop",
    writes: Promise.resolve(),
    pending: [],
    emit,
  };
}
