/**
 * `@openclaw/plugin-sdk/twitch` (also `openclaw/plugin-sdk/twitch`): the channel authoring API for twitch
 * channel plugins.
 * @packageDocumentation
 */
export * from "../channel.js";
