/**
 * `@openclaw/plugin-sdk/nextcloud-talk` (also `openclaw/plugin-sdk/nextcloud-talk`): the channel authoring API for nextcloud-talk
 * channel plugins.
 * @packageDocumentation
 */
export * from "../channel.js";
