/**
 * `@openclaw/plugin-sdk/zalouser` (also `openclaw/plugin-sdk/zalouser`): the channel authoring API for zalouser
 * channel plugins.
 * @packageDocumentation
 */
export * from "../channel.js";
