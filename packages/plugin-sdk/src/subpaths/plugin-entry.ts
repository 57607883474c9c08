/**
 * `@openclaw/plugin-sdk/plugin-entry` (also `openclaw/plugin-sdk/plugin-entry`): the narrow entry-point
 * module current third-party plugins import (`import { definePluginEntry } from
 * "openclaw/plugin-sdk/plugin-entry"`, e.g. `@mem0/openclaw-mem0`). It exports
 * {@link definePluginEntry}, {@link emptyPluginConfigSchema} and the plugin API and provider types
 * (spec R-PSDK-3); everything else lives in `./core`.
 * @packageDocumentation
 */
export type {
  PluginConfigJsonSchema,
  PluginConfigParseResult,
  PluginConfigSchema,
} from "../config-schema.js";
export { emptyPluginConfigSchema } from "../config-schema.js";
export type { OpenClawPluginApi } from "../plugin-api.js";
export {
  definePluginEntry,
  type OpenClawPluginDefinition,
  type PluginEntry,
  type PluginEntryOptions,
  type PluginRegister,
} from "../plugin-entry.js";
export type {
  OAuthCredential,
  ProviderAuthMethod,
  ProviderAuthResult,
  ProviderDiscovery,
  ProviderDiscoveryOrder,
  ProviderPlugin,
  ProviderWizard,
} from "../provider-types.js";
export type { PluginRuntime } from "../runtime-types.js";
