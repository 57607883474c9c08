import { agentConfig, DEFAULT_MODEL_REF } from "./config.js";
import { parseModelRef } from "./model-catalog.js";
import type { AgentDeps } from "./types.js";

/**
 * The model reference of a turn: a `before_model_resolve` override (first defined wins; a bare
 * model id keeps the base provider, a bare provider keeps the base model), else the caller's model
 * (`--model`, `responseModel`), else `agents.defaults.model`, else `mock/scripted`.
 */
export function turnModelRef(
  deps: Pick<AgentDeps, "config">,
  requested: string | undefined,
  override: { model?: string; provider?: string },
): string {
  const base = requested?.trim() || agentConfig(deps.config()).agents?.defaults?.model || DEFAULT_MODEL_REF;
  const parsed = parseModelRef(base) ?? { providerId: base, modelId: "" };
  if (override.model?.includes("/") && !override.provider) return override.model;
  const provider = override.provider ?? parsed.providerId;
  const model = override.model ?? parsed.modelId;
  return `${provider}/${model}`;
}
