/**
 * `@openclaw/plugin-sdk/feishu` (also `openclaw/plugin-sdk/feishu`): the channel authoring API for feishu
 * channel plugins.
 * @packageDocumentation
 */
export * from "../channel.js";
