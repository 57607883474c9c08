import { ownValue } from "@openclaw/plugin-registry";
import { type OpenClawConfig, OpenClawError } from "@openclaw/plugin-sdk/core";
import { parseModelRef } from "./model-catalog.js";
import { turnModelRef } from "./turn-model.js";

/** `plugins.entries.<id>.subagent`, normalised (spec R-CFG-2). */
export interface SubagentPolicy {
  allowModelOverride: boolean;
  /** `"*"` was listed. */
  allowAnyModel: boolean;
  /** `allowedModels` was given as an array (even one with no valid entry). */
  hasAllowedModels: boolean;
  /** The valid `provider/model` entries, trimmed. */
  allowedModels: Set<string>;
}

/** Trims a `provider/model` entry; `"*"` stays; anything without both halves is dropped. */
function normaliseAllowedRef(entry: unknown): string | undefined {
  if (typeof entry !== "string") return undefined;
  const trimmed = entry.trim();
  if (trimmed === "*") return "*";
  const parsed = parseModelRef(trimmed);
  return parsed && parsed.providerId !== "" && parsed.modelId !== ""
    ? `${parsed.providerId}/${parsed.modelId}`
    : undefined;
}

/**
 * The subagent policy of `pluginId`: `allowModelOverride` kept only when boolean (else `false`),
 * `allowedModels` kept only when an array, its entries trimmed and invalid ones dropped.
 */
export function subagentPolicy(config: OpenClawConfig, pluginId: string): SubagentPolicy {
  const raw = ownValue(config.plugins?.entries, pluginId)?.subagent as Record<string, unknown> | undefined;
  const list = Array.isArray(raw?.allowedModels) ? raw.allowedModels : undefined;
  const entries = (list ?? []).map(normaliseAllowedRef).filter((e): e is string => e !== undefined);
  return {
    allowModelOverride: raw?.allowModelOverride === true,
    allowAnyModel: entries.includes("*"),
    hasAllowedModels: list !== undefined,
    allowedModels: new Set(entries.filter((e) => e !== "*")),
  };
}

/**
 * Checks a subagent run's `provider`/`model` override against the plugin's policy and returns the
 * `provider/model` reference to run with (`undefined` when no override was asked for). Rules, in
 * order: no override → allowed; `allowModelOverride !== true` → refused; `"*"` listed → any;
 * `allowedModels` unset → any; set → the resolved reference must be listed (an explicit list with no
 * valid entry allows none).
 * @throws {@link OpenClawError} `AGENT_SUBAGENT_OVERRIDE_FORBIDDEN`, `AGENT_SUBAGENT_MODEL_NOT_ALLOWED`.
 */
export function authorizeModelOverride(
  config: OpenClawConfig,
  pluginId: string,
  requested: { provider?: string | undefined; model?: string | undefined },
): string | undefined {
  const provider = requested.provider?.trim() || undefined;
  const model = requested.model?.trim() || undefined;
  if (!provider && !model) return undefined;
  const policy = subagentPolicy(config, pluginId);
  const ref = turnModelRef({ config: () => config }, undefined, {
    ...(provider ? { provider } : {}),
    ...(model ? { model } : {}),
  });
  const details = { pluginId, model: ref };
  if (!policy.allowModelOverride) {
    throw new OpenClawError(
      "AGENT_SUBAGENT_OVERRIDE_FORBIDDEN",
      `plugin "${pluginId}" is not trusted to choose the model of its subagent runs (asked for ${ref})`,
      { details },
    );
  }
  if (policy.allowAnyModel || !policy.hasAllowedModels || policy.allowedModels.has(ref)) return ref;
  const listed = [...policy.allowedModels];
  throw new OpenClawError(
    "AGENT_SUBAGENT_MODEL_NOT_ALLOWED",
    `model ${ref} is not in plugins.entries.${pluginId}.subagent.allowedModels (${listed.length ? listed.join(", ") : "no valid provider/model entry"})`,
    { details },
  );
}
