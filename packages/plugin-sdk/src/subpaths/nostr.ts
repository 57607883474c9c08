/**
 * `@openclaw/plugin-sdk/nostr` (also `openclaw/plugin-sdk/nostr`): the channel authoring API for nostr
 * channel plugins.
 * @packageDocumentation
 */
export * from "../channel.js";
