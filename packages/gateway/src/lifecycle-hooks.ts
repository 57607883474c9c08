import type { HostLogger } from "@openclaw/plugin-loader";
import type { PluginRegistry } from "@openclaw/plugin-registry";
import { errorMessage, type GatewayLifecycleEvent } from "@openclaw/plugin-sdk/core";

/**
 * Runs the `gateway_start` or `gateway_stop` typed hooks in parallel; a failing or slow handler is
 * logged and never blocks the gateway beyond `timeoutMs` (default 5000 ms).
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
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          Promise.resolve(hook.handler(event as never, {})),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
            timer.unref();
          }),
        ]);
      } catch (error) {
        logger.warn(
          { plugin: hook.pluginId, hook: hookName },
          `[hooks] ${hookName} handler from ${hook.pluginId} failed: ${errorMessage(error)}`,
        );
      } finally {
        clearTimeout(timer);
      }
    }),
  );
}
