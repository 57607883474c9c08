import type { PluginHookContext } from "@openclaw/plugin-sdk/core";
import type { HookRunner } from "../hooks/hook-runner.js";
import type { TranscriptMessage } from "./session-store.js";

function isMessage(value: unknown): value is TranscriptMessage {
  const m = value as Partial<TranscriptMessage> | null;
  return typeof m === "object" && m !== null && typeof m.role === "string" && typeof m.content === "string";
}

/**
 * Runs the synchronous persistence hooks before a message is written to the transcript (R-HOOK-5):
 * for tool results `tool_result_persist` first (each handler may replace `message`), then
 * `before_message_write` (`{ block: true }` drops the write, `{ message }` chains). A handler that
 * returns a Promise is ignored with a warning; one that throws, or runs synchronously past its hook
 * budget (interrupted, `PLUGIN_CALL_BLOCKED`, its plugin failed), is reported and skipped.
 * Returns the message to write, or `undefined` when a handler blocked it.
 */
export function applyPersistHooks(
  deps: { hooks: HookRunner },
  message: TranscriptMessage,
  ctx: PluginHookContext,
): TranscriptMessage | undefined {
  let current = message;
  let blocked = false;
  const names =
    message.role === "tool"
      ? (["tool_result_persist", "before_message_write"] as const)
      : (["before_message_write"] as const);
  for (const hookName of names) {
    deps.hooks.runSync(
      hookName,
      () => ({ message: current, ...(current.toolName ? { toolName: current.toolName } : {}) }),
      ctx,
      (_, value) => {
        const result = value as { block?: unknown; message?: unknown } | undefined;
        if (hookName === "before_message_write" && result?.block === true) blocked = true;
        else if (isMessage(result?.message)) current = result.message;
        return !blocked;
      },
    );
    if (blocked) return undefined;
  }
  return current;
}
