import {
  createHostLogger,
  failPlugin,
  failureFrom,
  type HostLogger,
  isBlockedCallError,
  PLUGIN_CALL_BUDGETS_MS,
  type PluginCallKind,
  type PluginCallScope,
  runPluginCall,
} from "@openclaw/plugin-loader";
import { ownValue, type PluginRegistry } from "@openclaw/plugin-registry";
import type { OpenClawConfig } from "@openclaw/plugin-sdk/core";

/** How the gateway calls into plugins: where failures go and how long each kind of call may take. */
export interface PluginCallOptions {
  /** Logs a plugin failed by a call (default: silent). */
  logger?: HostLogger;
  /** Budget of this call in ms; default {@link PLUGIN_CALL_BUDGETS_MS}. */
  budgetMs?: number;
}

const silent = createHostLogger({ level: "silent" });

/**
 * The budget of `call` from the config: `plugins.callBudgetsMs.<call>`, `plugins.registerTimeoutMs`
 * for `register`, `plugins.entries.<id>.hooks.timeoutMs` / `plugins.hookTimeoutMs` for `hook`, else
 * {@link PLUGIN_CALL_BUDGETS_MS}.
 */
export function configuredBudget(config: OpenClawConfig, call: PluginCallKind, pluginId?: string): number {
  const plugins = config.plugins;
  if (call === "register") return plugins?.registerTimeoutMs ?? PLUGIN_CALL_BUDGETS_MS.register;
  if (call === "hook") {
    const entry = pluginId === undefined ? undefined : ownValue(plugins?.entries, pluginId);
    return entry?.hooks?.timeoutMs ?? plugins?.hookTimeoutMs ?? PLUGIN_CALL_BUDGETS_MS.hook;
  }
  return plugins?.callBudgetsMs?.[call] ?? PLUGIN_CALL_BUDGETS_MS[call];
}

/**
 * Calls plugin code through the loader's budget helper ({@link runPluginCall}): attributed to the
 * plugin, bounded by `options.budgetMs`. Plugin code that blocked the event loop and had to be
 * interrupted (`PLUGIN_CALL_BLOCKED`) also fails the plugin (its state is unknown); a call that
 * merely timed out (`PLUGIN_CALL_TIMEOUT`) or threw only rejects. Rejects with the plugin's error.
 */
export async function callPlugin<T>(
  registry: PluginRegistry,
  scope: PluginCallScope,
  fn: () => T | PromiseLike<T>,
  options: PluginCallOptions = {},
): Promise<Awaited<T>> {
  try {
    return await runPluginCall(scope, fn, options.budgetMs ?? PLUGIN_CALL_BUDGETS_MS[scope.call]);
  } catch (error) {
    failIfBlocked(registry, options.logger ?? silent, scope.pluginId, error);
    throw error;
  }
}

/**
 * Fails `pluginId` when `error` says its code blocked the event loop and was interrupted
 * (`PLUGIN_CALL_BLOCKED`: its state is unknown); any other error leaves the plugin as it is.
 */
export function failIfBlocked(
  registry: PluginRegistry,
  logger: HostLogger,
  pluginId: string,
  error: unknown,
): void {
  if (!isBlockedCallError(error)) return;
  failPlugin(registry, logger, pluginId, failureFrom(error, "runtime", "PLUGIN_CALL_BLOCKED"));
}
