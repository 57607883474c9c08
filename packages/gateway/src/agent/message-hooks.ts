import type { PluginHookContext } from "@openclaw/plugin-sdk/core";
import type { HookRunner } from "../hooks/hook-runner.js";

/** What the `message_sending` chain decided. */
export interface MessageSendingDecision {
  content: string;
  cancel: boolean;
  cancelledBy?: string;
}

/**
 * Runs `message_sending` (R-HOOK-5): handlers in priority order, one at a time; `content` is the last
 * defined; `cancel: true` is sticky and stops the chain (`cancel: false` is a no-op). A failed or
 * timed-out handler is skipped (fail-open, like every modifying hook except `before_tool_call`).
 */
export async function runMessageSending(
  hooks: HookRunner,
  event: { to: string; content: string; channel: string; accountId?: string },
  ctx: PluginHookContext,
): Promise<MessageSendingDecision> {
  const decision: MessageSendingDecision = { content: event.content, cancel: false };
  await hooks.runChain(
    "message_sending",
    () => event,
    ctx,
    (hook, outcome) => {
      if (!outcome.ok) return true;
      const value = (outcome.value ?? {}) as { content?: unknown; cancel?: unknown };
      if (typeof value.content === "string") decision.content = value.content;
      if (value.cancel !== true) return true;
      Object.assign(decision, { cancel: true, cancelledBy: hook.pluginId });
      return false;
    },
  );
  return decision;
}
