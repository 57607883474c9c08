/**
 * `@openclaw/plugin-sdk/whatsapp` (also `openclaw/plugin-sdk/whatsapp`): the channel authoring API for whatsapp
 * channel plugins.
 * @packageDocumentation
 */
export * from "../channel.js";
