/**
 * `@openclaw/plugin-sdk/mattermost` (also `openclaw/plugin-sdk/mattermost`): the channel authoring API for mattermost
 * channel plugins.
 * @packageDocumentation
 */
export * from "../channel.js";
