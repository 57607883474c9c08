/**
 * `@openclaw/plugin-sdk/irc` (also `openclaw/plugin-sdk/irc`): the channel authoring API for irc
 * channel plugins.
 * @packageDocumentation
 */
export * from "../channel.js";
