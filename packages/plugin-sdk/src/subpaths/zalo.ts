/**
 * `@openclaw/plugin-sdk/zalo` (also `openclaw/plugin-sdk/zalo`): the channel authoring API for zalo
 * channel plugins.
 * @packageDocumentation
 */
export * from "../channel.js";
