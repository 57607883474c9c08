/**
 * `@openclaw/plugin-sdk/msteams` (also `openclaw/plugin-sdk/msteams`): the channel authoring API for msteams
 * channel plugins.
 * @packageDocumentation
 */
export * from "../channel.js";
