/**
 * `@openclaw/plugin-sdk/googlechat` (also `openclaw/plugin-sdk/googlechat`): the channel authoring API for googlechat
 * channel plugins.
 * @packageDocumentation
 */
export * from "../channel.js";
