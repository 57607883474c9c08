/**
 * `@openclaw/plugin-sdk/line` (also `openclaw/plugin-sdk/line`): the channel authoring API for line
 * channel plugins.
 * @packageDocumentation
 */
export * from "../channel.js";
