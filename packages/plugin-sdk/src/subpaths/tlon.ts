/**
 * `@openclaw/plugin-sdk/tlon` (also `openclaw/plugin-sdk/tlon`): the channel authoring API for tlon
 * channel plugins.
 * @packageDocumentation
 */
export * from "../channel.js";
