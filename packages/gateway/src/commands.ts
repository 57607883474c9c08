import type { PluginRegistry } from "@openclaw/plugin-registry";
import type { OpenClawConfig } from "@openclaw/plugin-sdk/core";
import { errorMessage, isOpenClawError } from "@openclaw/plugin-sdk/core";
import { callPlugin, type PluginCallOptions } from "./plugin-calls.js";

/** An inbound message to match against plugin auto-reply commands. */
export interface InboundCommandMessage {
  text: string;
  channel: string;
  senderId?: string;
  isAuthorizedSender: boolean;
  config: OpenClawConfig;
}

/** Result of {@link dispatchCommand}: not a plugin command, or the reply it produced. */
export type CommandDispatchResult =
  | { handled: false }
  | { handled: true; pluginId: string; command: string; reply: { text: string } };

const MAX_ARGS = 4096;

/**
 * Matches `text` against plugin commands (before built-in commands and the agent): `/name [args]`,
 * case-insensitive, native aliases (`nativeNames`) and `_`/`-` variants accepted; arguments given to a command without `acceptsArgs`
 * fall through. A handler that throws or exceeds the `command` budget (default 15 000 ms) yields a
 * generic failure reply (details are reported on the plugin, not sent).
 */
export async function dispatchCommand(
  registry: PluginRegistry,
  message: InboundCommandMessage,
  options: PluginCallOptions = {},
): Promise<CommandDispatchResult> {
  const body = message.text.trim();
  if (!body.startsWith("/")) return { handled: false };
  const space = body.search(/\s/);
  const name = (space === -1 ? body.slice(1) : body.slice(1, space)).toLowerCase();
  const args = space === -1 ? "" : body.slice(space + 1).trim();
  const entry =
    registry.findCommand(name) ??
    registry.findCommand(name.replace(/_/g, "-")) ??
    registry.findCommand(name.replace(/-/g, "_"));
  if (!entry) return { handled: false };
  if (args !== "" && entry.command.acceptsArgs !== true) return { handled: false };
  const base = { handled: true as const, pluginId: entry.pluginId, command: entry.name };
  if (entry.command.requireAuth !== false && !message.isAuthorizedSender) {
    return { ...base, reply: { text: "⚠️ This command requires authorization." } };
  }
  try {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
    const cleanArgs = args.slice(0, MAX_ARGS).replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "");
    const context = {
      channel: message.channel,
      isAuthorizedSender: message.isAuthorizedSender,
      commandBody: body,
      config: message.config,
      ...(message.senderId === undefined ? {} : { senderId: message.senderId }),
      ...(entry.command.acceptsArgs ? { args: cleanArgs } : {}),
    };
    const reply = await callPlugin(
      registry,
      { pluginId: entry.pluginId, call: "command", name: entry.name },
      () => entry.command.handler(context),
      options,
    );
    return { ...base, reply: { text: String(reply?.text ?? "") } };
  } catch (error) {
    registry.report({
      level: "error",
      code: isOpenClawError(error) ? error.code : "GATEWAY_METHOD_FAILED",
      pluginId: entry.pluginId,
      message: `command /${entry.name} failed: ${errorMessage(error)}`,
    });
    return { ...base, reply: { text: "⚠️ Command failed. Please try again later." } };
  }
}
