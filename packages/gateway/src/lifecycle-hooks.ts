import type { HostLogger } from "@openclaw/plugin-loader";
import type { PluginRegistry } from "@openclaw/plugin-registry";
import { errorMessage, type GatewayLifecycleEvent } from "@openclaw/plugin-sdk/core";
import { callPlugin } from "./plugin-calls.js";

/**
 * Runs the `gateway_start` or `gateway_stop` typed hooks in parallel; a failing or slow handler is
 * logged and never blocks the gateway beyond `timeoutMs` (default 5000 ms; a synchronous loop is
 * interrupted and fails its plugin).
 */
export async function runGatewayLifecycleHooks(
  registry: PluginRegistry,
  hookName: "gateway_start" | "gateway_stop",
  event: GatewayLifecycleEvent,
  logger: HostLogger,
  timeoutMs = 5000,
): Promise<void> {
  const handlers = registry.typedHooks
    .filter((h) => h.hookName === hookName)
    .sort((a, b) => b.priority - a.priority);
  await Promise.all(
    handlers.map(async (hook) => {
      try {
        await callPlugin(
          registry,
          { pluginId: hook.pluginId, call: "hook", name: hookName },
          () => hook.handler(event as never, {}),
          { logger, budgetMs: timeoutMs },
        );
      } catch (error) {
        logger.warn(
          { plugin: hook.pluginId, hook: hookName },
          `[hooks] ${hookName} handler from ${hook.pluginId} failed: ${errorMessage(error)}`,
        );
      }
    }),
  );
}
