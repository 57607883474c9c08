/**
 * `@openclaw/plugin-sdk/llm-task` (also `openclaw/plugin-sdk/llm-task`): the subpath OpenClaw's bundled
 * `llm-task` extension imports. This host exports the generic plugin API (`./core`) here, so a plugin
 * written against this subpath loads; it adds no extension-specific helpers (see the SDK README's
 * subpath table).
 * @packageDocumentation
 */
export * from "../core.js";
