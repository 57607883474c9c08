import type { HostLogger } from "@openclaw/plugin-loader";
import type { PluginRegistry } from "@openclaw/plugin-registry";
import { errorMessage, type PluginHookContext } from "@openclaw/plugin-sdk/core";
import type { HookRunner } from "../hooks/hook-runner.js";
import type { TranscriptMessage } from "./session-store.js";

function isPromise(value: unknown): boolean {
  return typeof (value as { then?: unknown } | null)?.then === "function";
}

function isMessage(value: unknown): value is TranscriptMessage {
  const m = value as Partial<TranscriptMessage> | null;
  return typeof m === "object" && m !== null && typeof m.role === "string" && typeof m.content === "string";
}

/**
 * Runs the synchronous persistence hooks before a message is written to the transcript (R-HOOK-5):
 * for tool results `tool_result_persist` first (each handler may replace `message`), then
 * `before_message_write` (`{ block: true }` drops the write, `{ message }` chains). A handler that
 * returns a Promise is ignored with a warning; one that throws is reported and skipped.
 * Returns the message to write, or `undefined` when a handler blocked it.
 */
export function applyPersistHooks(
  deps: { hooks: HookRunner; registry: PluginRegistry; logger: HostLogger },
  message: TranscriptMessage,
  ctx: PluginHookContext,
): TranscriptMessage | undefined {
  let current = message;
  const names =
    message.role === "tool"
      ? (["tool_result_persist", "before_message_write"] as const)
      : (["before_message_write"] as const);
  for (const hookName of names) {
    for (const hook of deps.hooks.handlers(hookName)) {
      let value: unknown;
      try {
        value = hook.handler(
          { message: current, ...(current.toolName ? { toolName: current.toolName } : {}) } as never,
          ctx,
        );
      } catch (error) {
        deps.registry.report({
          level: "error",
          code: "PLUGIN_HOOK_FAILED",
          pluginId: hook.pluginId,
          message: `hook ${hookName} of plugin ${hook.pluginId} failed: ${errorMessage(error)}`,
        });
        continue;
      }
      if (isPromise(value)) {
        (value as Promise<unknown>).catch(() => undefined);
        deps.logger.warn(
          { plugin: hook.pluginId, hook: hookName },
          `${hookName} handler of ${hook.pluginId} returned a Promise; this hook is synchronous, so its result was ignored`,
        );
        continue;
      }
      const result = value as { block?: unknown; message?: unknown } | undefined;
      if (hookName === "before_message_write" && result?.block === true) return undefined;
      if (isMessage(result?.message)) current = result.message;
    }
  }
  return current;
}
