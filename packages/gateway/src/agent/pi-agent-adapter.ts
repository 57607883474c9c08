import {
  type EmbeddedPiAgentParams,
  type EmbeddedPiRunResult,
  type OpenClawConfig,
  OpenClawError,
  type ResolveAgentTimeoutParams,
} from "@openclaw/plugin-sdk/core";
import { agentConfig, DEFAULT_MODEL_REF, DEFAULT_TURN_TIMEOUT_MS } from "./config.js";
import { parseModelRef } from "./model-catalog.js";
import { turnModelRef } from "./turn-model.js";
import type { AgentTurnParams, AgentTurnResult } from "./types.js";

/**
 * The whole-turn budget in ms: `overrideMs` when positive, else `agents.defaults.timeoutMs` of `cfg`,
 * else {@link DEFAULT_TURN_TIMEOUT_MS}.
 */
export function resolveAgentTimeoutMs(
  current: OpenClawConfig,
  params: ResolveAgentTimeoutParams = {},
): number {
  if (typeof params.overrideMs === "number" && Number.isFinite(params.overrideMs) && params.overrideMs > 0)
    return params.overrideMs;
  const configured = agentConfig(params.cfg ?? current).agents?.defaults?.timeoutMs;
  return typeof configured === "number" && configured > 0 ? configured : DEFAULT_TURN_TIMEOUT_MS;
}

/** Provider and model of `agents.defaults.model` (`mock/scripted` when unset or malformed). */
export function defaultModelOf(config: OpenClawConfig): { provider: string; model: string } {
  const ref = agentConfig(config).agents?.defaults?.model ?? DEFAULT_MODEL_REF;
  const parsed = parseModelRef(ref) ?? parseModelRef(DEFAULT_MODEL_REF);
  return { provider: parsed?.providerId ?? "mock", model: parsed?.modelId ?? "scripted" };
}

/** Maps upstream's `runEmbeddedPiAgent` parameters onto one agent turn. */
export function piParamsToTurn(config: OpenClawConfig, params: EmbeddedPiAgentParams): AgentTurnParams {
  if (typeof params?.prompt !== "string") {
    throw new OpenClawError("AGENT_INVALID_PARAMS", "runEmbeddedPiAgent needs a prompt string");
  }
  const provider = params.provider?.trim() || undefined;
  const model = params.model?.trim() || undefined;
  return {
    prompt: params.prompt,
    sessionKey: params.sessionKey?.trim() || "main",
    messageProvider: params.messageProvider ?? "plugin",
    ...(provider || model
      ? {
          model: turnModelRef({ config: () => config }, undefined, {
            ...(provider ? { provider } : {}),
            ...(model ? { model } : {}),
          }),
        }
      : {}),
    ...(params.extraSystemPrompt ? { extraSystemPrompt: params.extraSystemPrompt } : {}),
    ...(params.timeoutMs !== undefined ? { timeoutMs: params.timeoutMs } : {}),
    ...(params.runId ? { runId: params.runId } : {}),
    ...(params.abortSignal ? { signal: params.abortSignal } : {}),
  };
}

/** Reports one finished turn in upstream's `EmbeddedPiRunResult` shape. */
export function turnToPiResult(result: AgentTurnResult, durationMs: number): EmbeddedPiRunResult {
  const used = parseModelRef(result.model);
  return {
    payloads: result.text === "" ? [] : [{ text: result.text }],
    meta: {
      durationMs,
      runId: result.runId,
      stopReason: result.stopReason,
      ...(result.aborted ? { aborted: true } : {}),
      ...(used
        ? {
            agentMeta: {
              sessionId: result.sessionId,
              provider: used.providerId,
              model: used.modelId,
              ...(result.usage ? { usage: { ...result.usage } } : {}),
            },
          }
        : {}),
    },
  };
}
