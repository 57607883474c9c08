/**
 * `@openclaw/plugin-sdk/talk-voice` (also `openclaw/plugin-sdk/talk-voice`): the subpath OpenClaw's bundled
 * `talk-voice` extension imports. This host exports the generic plugin API (`./core`) here, so a plugin
 * written against this subpath loads; it adds no extension-specific helpers (see the SDK README's
 * subpath table).
 * @packageDocumentation
 */
export * from "../core.js";
