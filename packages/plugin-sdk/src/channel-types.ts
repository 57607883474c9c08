import type { OpenClawConfig } from "./config-types.js";

/** Display metadata of a messaging channel. */
export interface ChannelMeta {
  id: string;
  label: string;
  selectionLabel?: string;
  docsPath?: string;
  blurb?: string;
  /** Alternate ids accepted in CLI input and config normalisation. */
  aliases?: string[];
  /** Channel ids this one replaces when both are configured. */
  preferOver?: string[];
  detailLabel?: string;
  systemImage?: string;
}

/** Read-only description of one account, safe for status commands (no raw secrets). */
export interface ChannelAccountInspection {
  accountId: string;
  enabled?: boolean;
  configured?: boolean;
  [key: string]: unknown;
}

/** Account adapters: where a channel's accounts live under `channels.<id>`. */
export interface ChannelConfigAdapter<Account = unknown> {
  listAccountIds(cfg: OpenClawConfig): string[];
  /** Runtime path: may fail when credentials are missing. */
  resolveAccount(cfg: OpenClawConfig, accountId?: string): Account;
  /** Read-only path for status and doctor; never materialises secrets. */
  inspectAccount?(cfg: OpenClawConfig, accountId?: string): ChannelAccountInspection;
}

/** Parameters of an outbound text send. */
export interface ChannelSendTextParams {
  to: string;
  text: string;
  accountId?: string;
  cfg: OpenClawConfig;
}

/** Outbound delivery adapter. */
export interface ChannelOutboundAdapter {
  deliveryMode: "direct" | "gateway" | "hybrid";
  sendText(params: ChannelSendTextParams): Promise<{ ok: boolean; messageId?: string; error?: string }>;
}

/** A messaging channel registered with `api.registerChannel`. Config lives under `channels.<id>`. */
export interface ChannelPlugin<Account = unknown> {
  id: string;
  meta: ChannelMeta;
  capabilities: { chatTypes: Array<"direct" | "group" | "thread">; media?: boolean; threads?: boolean };
  config: ChannelConfigAdapter<Account>;
  outbound?: ChannelOutboundAdapter;
  [key: string]: unknown;
}

/** Argument of `api.registerChannel`: `{ plugin }` or the plugin itself. */
export type ChannelRegistration = { plugin: ChannelPlugin } | ChannelPlugin;
