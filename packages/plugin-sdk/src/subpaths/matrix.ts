/**
 * `@openclaw/plugin-sdk/matrix` (also `openclaw/plugin-sdk/matrix`): the channel authoring API for matrix
 * channel plugins.
 * @packageDocumentation
 */
export * from "../channel.js";
