/**
 * `@openclaw/plugin-sdk/signal` (also `openclaw/plugin-sdk/signal`): the channel authoring API for signal
 * channel plugins.
 * @packageDocumentation
 */
export * from "../channel.js";
