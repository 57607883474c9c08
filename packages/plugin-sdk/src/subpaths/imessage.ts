/**
 * `@openclaw/plugin-sdk/imessage` (also `openclaw/plugin-sdk/imessage`): the channel authoring API for imessage
 * channel plugins.
 * @packageDocumentation
 */
export * from "../channel.js";
