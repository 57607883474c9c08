/**
 * `@openclaw/plugin-sdk/minimax-portal-auth` (also `openclaw/plugin-sdk/minimax-portal-auth`): the subpath OpenClaw's bundled
 * `minimax-portal-auth` extension imports. This host exports the generic plugin API (`./core`) here, so a plugin
 * written against this subpath loads; it adds no extension-specific helpers (see the SDK README's
 * subpath table).
 * @packageDocumentation
 */
export * from "../core.js";
