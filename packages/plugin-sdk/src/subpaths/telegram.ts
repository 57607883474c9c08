/**
 * `@openclaw/plugin-sdk/telegram` (also `openclaw/plugin-sdk/telegram`): the channel authoring API for telegram
 * channel plugins.
 * @packageDocumentation
 */
export * from "../channel.js";
