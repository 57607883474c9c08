/**
 * `@openclaw/plugin-sdk` (also `openclaw/plugin-sdk`): the monolithic root import, kept for existing
 * external plugins. New code should import `./core` or a channel subpath.
 * @packageDocumentation
 */
export * from "./core.js";
