/**
 * `@openclaw/plugin-sdk/discord` (also `openclaw/plugin-sdk/discord`): the channel authoring API for discord
 * channel plugins.
 * @packageDocumentation
 */
export * from "../channel.js";
