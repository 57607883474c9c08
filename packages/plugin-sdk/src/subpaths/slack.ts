/**
 * `@openclaw/plugin-sdk/slack` (also `openclaw/plugin-sdk/slack`): the channel authoring API for slack
 * channel plugins.
 * @packageDocumentation
 */
export * from "../channel.js";
