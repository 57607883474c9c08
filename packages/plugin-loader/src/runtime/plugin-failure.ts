import type { PluginFailure, PluginFailurePhase, PluginRegistry } from "@openclaw/plugin-registry";
import { errorMessage, isOpenClawError, type OpenClawErrorCode } from "@openclaw/plugin-sdk/core";
import type { HostLogger } from "../host/host-logger.js";

/**
 * Marks a plugin failed and logs it once: the registry's single fail path (status `error`, `api`
 * revoked, registrations removed, listeners notified) plus one coded log line. A plugin that has
 * already failed only gets a (bounded) diagnostic. Returns `true` when this call failed it.
 */
export function failPlugin(
  registry: PluginRegistry,
  logger: HostLogger,
  pluginId: string,
  failure: PluginFailure,
): boolean {
  const first = registry.fail(pluginId, failure);
  const fields = { plugin: pluginId, code: failure.code, phase: failure.phase };
  if (first) logger.error(fields, `plugin ${pluginId} failed: ${failure.message}`);
  else logger.debug(fields, `plugin ${pluginId} (already failed): ${failure.message}`);
  return first;
}

/** A {@link PluginFailure} from a thrown value: its own code when coded, else `fallback`. */
export function failureFrom(
  error: unknown,
  phase: PluginFailurePhase,
  fallback: OpenClawErrorCode,
  prefix = "",
): PluginFailure {
  const hint = isOpenClawError(error) ? error.hint : undefined;
  return {
    code: isOpenClawError(error) ? error.code : fallback,
    message: `${prefix}${errorMessage(error)}`,
    phase,
    ...(hint === undefined ? {} : { hint }),
  };
}
