import type { PluginRegistry } from "@openclaw/plugin-registry";
import {
  errorMessage,
  type InboundChannelMessage,
  type InboundDispatchResult,
  isOpenClawError,
  type OpenClawConfig,
  OpenClawError,
  type PluginHookContext,
  type PluginRuntimeChannel,
} from "@openclaw/plugin-sdk/core";
import type { AgentRuntime } from "../agent/agent-runtime.js";
import { findChannel, sendChannelText } from "../channels.js";
import { dispatchCommand } from "../commands.js";
import type { HookRunner } from "../hooks/hook-runner.js";

/** What the inbound path reads from the gateway. */
export interface InboundDeps {
  registry: PluginRegistry;
  hooks: HookRunner;
  agent: AgentRuntime;
  config: () => OpenClawConfig;
}

type Reply = NonNullable<InboundDispatchResult["reply"]>;

/** Sends `text` back where the message came from; a cancelled or failed send is reported, not thrown. */
async function sendReply(deps: InboundDeps, message: InboundChannelMessage, text: string): Promise<Reply> {
  try {
    const sent = await sendChannelText(deps.registry, {
      channel: message.channel,
      to: message.conversationId ?? message.from,
      text,
      config: deps.config(),
      hooks: deps.hooks,
      ...(message.accountId ? { accountId: message.accountId } : {}),
    });
    return { text, delivered: sent.ok, ...(sent.error ? { error: sent.error } : {}) };
  } catch (error) {
    if (isOpenClawError(error, "GATEWAY_MESSAGE_CANCELLED"))
      return { text, delivered: false, cancelled: true };
    return { text, delivered: false, error: errorMessage(error) };
  }
}

/** Runs the agent for a message no command handled; a failed turn becomes a short apology reply. */
async function answerWithAgent(
  deps: InboundDeps,
  message: InboundChannelMessage,
  sessionKey: string,
): Promise<{ outcome: "agent" | "failed"; text: string }> {
  try {
    const result = await deps.agent.run({
      prompt: message.text,
      sessionKey,
      messageProvider: message.channel,
    });
    return { outcome: "agent", text: result.text };
  } catch (error) {
    const code = isOpenClawError(error) ? error.code : "CLI_UNEXPECTED_ERROR";
    deps.registry.report({
      level: "error",
      message: `inbound agent turn failed (${code}): ${errorMessage(error)}`,
    });
    return { outcome: "failed", text: "Sorry, I could not answer that right now." };
  }
}

/**
 * The inbound path of a channel message (see `PluginRuntimeChannel.dispatchInbound` in the SDK for
 * the order): claim, observe, command, agent, reply through the channel's outbound with the
 * message hooks.
 * @throws {@link OpenClawError} `GATEWAY_METHOD_NOT_FOUND` for an unknown channel.
 */
export async function dispatchInbound(
  deps: InboundDeps,
  message: InboundChannelMessage,
): Promise<InboundDispatchResult> {
  const channel = findChannel(deps.registry, message.channel);
  if (!channel) {
    throw new OpenClawError("GATEWAY_METHOD_NOT_FOUND", `no channel ${message.channel}`, {
      hint: "Register the channel with api.registerChannel before dispatching its messages.",
    });
  }
  const normalized = { ...message, channel: channel.plugin.id };
  const accountId = message.accountId ?? "default";
  const sessionKey = `${channel.plugin.id}:${accountId}:${message.conversationId ?? message.from}`;
  const ctx: PluginHookContext = {
    channelId: channel.plugin.id,
    sessionKey,
    messageProvider: channel.plugin.id,
  };
  const event = { from: message.from, content: message.text, channel: channel.plugin.id, accountId };
  const claim = await deps.hooks.runClaiming("inbound_claim", event, ctx);
  if (claim.handledBy) return { outcome: "claimed", pluginId: claim.handledBy, sessionKey };
  await deps.hooks.runParallel("message_received", event, ctx);
  const command = await dispatchCommand(deps.registry, {
    text: message.text,
    channel: channel.plugin.id,
    senderId: message.from,
    isAuthorizedSender: message.isAuthorizedSender === true,
    config: deps.config(),
  });
  if (command.handled) {
    const reply = await sendReply(deps, normalized, command.reply.text);
    return { outcome: "command", pluginId: command.pluginId, reply, sessionKey };
  }
  const answer = await answerWithAgent(deps, normalized, sessionKey);
  return { outcome: answer.outcome, reply: await sendReply(deps, normalized, answer.text), sessionKey };
}

/** `api.runtime.channel` for plugins. */
export function inboundRuntime(deps: InboundDeps): PluginRuntimeChannel {
  return { dispatchInbound: (message) => dispatchInbound(deps, message) };
}
