import type { OpenClawConfig } from "./config-types.js";

/** Context of an auto-reply command handler. */
export interface PluginCommandContext {
  senderId?: string;
  channel: string;
  isAuthorizedSender: boolean;
  /** Text after the command name, when `acceptsArgs` is true. */
  args?: string;
  /** The whole command text, e.g. `/mystatus now`. */
  commandBody: string;
  config: OpenClawConfig;
}

/** What a command handler replies. */
export interface PluginCommandResult {
  text: string;
}

/**
 * An auto-reply (slash) command run without invoking the agent. Names start with a letter and contain
 * letters, digits, `-` and `_`; matching is case-insensitive; reserved core names are refused.
 */
export interface PluginCommand {
  name: string;
  description: string;
  nativeNames?: Record<string, string>;
  /** Default false: with arguments present the command does not match. */
  acceptsArgs?: boolean;
  /** Default true: unauthorized senders get a refusal. */
  requireAuth?: boolean;
  handler(ctx: PluginCommandContext): PluginCommandResult | Promise<PluginCommandResult>;
}
