/**
 * `@openclaw/plugin-sdk/synology-chat` (also `openclaw/plugin-sdk/synology-chat`): the channel authoring API for synology-chat
 * channel plugins.
 * @packageDocumentation
 */
export * from "../channel.js";
