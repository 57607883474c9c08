/** A message a channel plugin received from its platform, handed to the gateway. */
export interface InboundChannelMessage {
  /** The channel id (or an alias) the message arrived on, e.g. `"acmechat"`. */
  channel: string;
  /** The account of that channel, when it has several; default `"default"`. */
  accountId?: string;
  /** The sender on the platform; replies go back to this address. */
  from: string;
  /** The message text. */
  text: string;
  /** Whether the sender is allowed to run commands that require authorization (default false). */
  isAuthorizedSender?: boolean;
  /** Conversation id when it differs from the sender (a group chat); replies go there. */
  conversationId?: string;
}

/** What happened to an inbound message. */
export interface InboundDispatchResult {
  /**
   * `claimed`: an `inbound_claim` hook took it; `command`: a plugin auto-reply command answered;
   * `agent`: an agent turn answered; `failed`: the agent turn failed (the reply says so).
   */
  outcome: "claimed" | "command" | "agent" | "failed";
  /** Plugin that claimed the message or whose command answered. */
  pluginId?: string;
  /** The reply, when one was produced, and whether the channel's outbound adapter delivered it. */
  reply?: { text: string; delivered: boolean; cancelled?: boolean; error?: string };
  /** The agent session the message belongs to (`<channel>:<account>:<conversation>`). */
  sessionKey?: string;
}

/** `api.runtime.channel`: the entry point for messages a channel plugin receives. */
export interface PluginRuntimeChannel {
  /**
   * Runs one inbound message through the gateway: `inbound_claim` (a plugin may claim it), then
   * `message_received` (parallel), then plugin auto-reply commands, else one agent turn in the
   * session `<channel>:<accountId>:<conversationId ?? from>`; the reply is sent back through the
   * channel's outbound adapter with `message_sending` / `message_sent`. Never throws for a failing
   * agent turn (`outcome: "failed"`).
   * @throws {@link OpenClawError} `GATEWAY_METHOD_NOT_FOUND` when no registered channel has this id.
   */
  dispatchInbound(message: InboundChannelMessage): Promise<InboundDispatchResult>;
}
