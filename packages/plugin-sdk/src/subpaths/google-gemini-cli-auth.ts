/**
 * `@openclaw/plugin-sdk/google-gemini-cli-auth` (also `openclaw/plugin-sdk/google-gemini-cli-auth`): the subpath OpenClaw's bundled
 * `google-gemini-cli-auth` extension imports. This host exports the generic plugin API (`./core`) here, so a plugin
 * written against this subpath loads; it adds no extension-specific helpers (see the SDK README's
 * subpath table).
 * @packageDocumentation
 */
export * from "../core.js";
