/**
 * `@openclaw/plugin-sdk/diffs` (also `openclaw/plugin-sdk/diffs`): the subpath OpenClaw's bundled
 * `diffs` extension imports. This host exports the generic plugin API (`./core`) here, so a plugin
 * written against this subpath loads; it adds no extension-specific helpers (see the SDK README's
 * subpath table).
 * @packageDocumentation
 */
export * from "../core.js";
