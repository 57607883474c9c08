import type { PluginRegistry } from "@openclaw/plugin-registry";
import type { ChannelPlugin, OpenClawConfig } from "@openclaw/plugin-sdk/core";
import { errorMessage, OpenClawError } from "@openclaw/plugin-sdk/core";
import { runMessageSending } from "./agent/message-hooks.js";
import type { HookRunner } from "./hooks/hook-runner.js";

/** A registered channel found by id or alias (case-insensitive). */
export function findChannel(
  registry: PluginRegistry,
  idOrAlias: string,
): { pluginId: string; plugin: ChannelPlugin } | undefined {
  const key = idOrAlias.trim().toLowerCase();
  return registry.channels.find(
    (c) =>
      c.plugin.id.toLowerCase() === key ||
      (c.plugin.meta?.aliases ?? []).some((a) => a.toLowerCase() === key),
  );
}

/** Read-only status of every account of a channel, through `inspectAccount` (never `resolveAccount`). */
export function inspectChannel(
  plugin: ChannelPlugin,
  config: OpenClawConfig,
): Array<Record<string, unknown>> {
  let accountIds: string[];
  try {
    accountIds = plugin.config.listAccountIds(config);
  } catch (error) {
    return [{ error: `listAccountIds failed: ${errorMessage(error)}` }];
  }
  return accountIds.map((accountId) => {
    if (!plugin.config.inspectAccount) return { accountId, configured: true, inspected: false };
    try {
      return { ...plugin.config.inspectAccount(config, accountId), accountId };
    } catch (error) {
      return { accountId, error: `inspectAccount failed: ${errorMessage(error)}` };
    }
  });
}

/**
 * Sends a text through a channel's outbound adapter within `timeoutMs` (default 15 000). With
 * `hooks`, `message_sending` may rewrite or cancel the text first and `message_sent` (parallel, not
 * awaited) sees the outcome, so no surface bypasses a plugin's message policy.
 * @throws {@link OpenClawError} `GATEWAY_METHOD_NOT_FOUND` (no such channel or no outbound adapter),
 * `GATEWAY_MESSAGE_CANCELLED` (a hook cancelled it), `GATEWAY_METHOD_FAILED` (the adapter failed or timed out).
 */
export async function sendChannelText(
  registry: PluginRegistry,
  params: {
    channel: string;
    to: string;
    text: string;
    accountId?: string;
    config: OpenClawConfig;
    timeoutMs?: number;
    hooks?: HookRunner;
  },
): Promise<{ ok: boolean; messageId?: string; error?: string }> {
  const found = findChannel(registry, params.channel);
  if (!found) {
    throw new OpenClawError("GATEWAY_METHOD_NOT_FOUND", `no channel ${params.channel}`, {
      hint: "Call channels.list.",
    });
  }
  const outbound = found.plugin.outbound;
  if (!outbound)
    throw new OpenClawError("GATEWAY_METHOD_NOT_FOUND", `channel ${found.plugin.id} cannot send`);
  const ctx = { channelId: found.plugin.id, ...(params.accountId ? { accountId: params.accountId } : {}) };
  let text = params.text;
  if (params.hooks) {
    const decision = await runMessageSending(
      params.hooks,
      {
        to: params.to,
        content: text,
        channel: found.plugin.id,
        ...(params.accountId ? { accountId: params.accountId } : {}),
      },
      ctx,
    );
    if (decision.cancel) {
      throw new OpenClawError(
        "GATEWAY_MESSAGE_CANCELLED",
        `message to ${params.to} was cancelled by plugin ${decision.cancelledBy}`,
        {
          hint: `A message_sending hook of ${decision.cancelledBy} cancelled it; see that plugin's policy.`,
          details: { pluginId: decision.cancelledBy },
        },
      );
    }
    text = decision.content;
  }
  const sent = (success: boolean, error?: string): void => {
    void params.hooks?.runParallel(
      "message_sent",
      { to: params.to, content: text, channel: found.plugin.id, success, ...(error ? { error } : {}) },
      ctx,
    );
  };
  const budget = params.timeoutMs ?? 15_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    const result = await Promise.race([
      outbound.sendText({
        to: params.to,
        text,
        cfg: params.config,
        ...(params.accountId ? { accountId: params.accountId } : {}),
      }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${budget} ms`)), budget);
        timer.unref();
      }),
    ]);
    sent(result?.ok !== false, result?.error);
    return result;
  } catch (error) {
    sent(false, errorMessage(error));
    throw new OpenClawError(
      "GATEWAY_METHOD_FAILED",
      `channel ${found.plugin.id} send failed: ${errorMessage(error)}`,
      { cause: error },
    );
  } finally {
    clearTimeout(timer);
  }
}
