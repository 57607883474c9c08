/**
 * The channel authoring surface shared by every channel subpath (`./telegram`, `./discord`, …).
 * @packageDocumentation
 */
export {
  type ChannelPluginEntryOptions,
  defineChannelPluginEntry,
  normalizeAccountId,
} from "./channel-entry.js";
export type {
  ChannelAccountInspection,
  ChannelConfigAdapter,
  ChannelMeta,
  ChannelOutboundAdapter,
  ChannelPlugin,
  ChannelRegistration,
  ChannelSendTextParams,
} from "./channel-types.js";
export { emptyPluginConfigSchema } from "./config-schema.js";
export type { OpenClawConfig } from "./config-types.js";
export { isOpenClawError, OpenClawError } from "./errors/openclaw-error.js";
export type { OpenClawPluginApi } from "./plugin-api.js";
export { definePluginEntry } from "./plugin-entry.js";
