/**
 * `@openclaw/plugin-sdk/bluebubbles` (also `openclaw/plugin-sdk/bluebubbles`): the channel authoring API for bluebubbles
 * channel plugins.
 * @packageDocumentation
 */
export * from "../channel.js";
