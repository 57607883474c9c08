import type { PluginConfigSchema } from "./config-schema.js";
import { emptyPluginConfigSchema } from "./config-schema.js";
import type { OpenClawPluginApi } from "./plugin-api.js";

/** The register function: attaches behaviour through `api`. Registration is synchronous. */
export type PluginRegister = (api: OpenClawPluginApi) => void;

/** What a plugin module exports (as `default`): an object with `register`, or the function itself. */
export interface OpenClawPluginDefinition {
  id?: string;
  name?: string;
  description?: string;
  version?: string;
  kind?: string;
  configSchema?: PluginConfigSchema;
  register?: PluginRegister;
  /** Legacy alias of `register`. */
  activate?: PluginRegister;
}

/** Input of {@link definePluginEntry}. */
export interface PluginEntryOptions {
  /** Must equal the manifest id, or the loader refuses the plugin (`PLUGIN_ID_MISMATCH`). */
  id: string;
  name: string;
  description?: string;
  kind?: string;
  /** Default: {@link emptyPluginConfigSchema}. The manifest's JSON Schema stays authoritative. */
  configSchema?: PluginConfigSchema;
  register: PluginRegister;
}

/** A plugin definition with every optional field resolved. */
export interface PluginEntry extends OpenClawPluginDefinition {
  id: string;
  name: string;
  configSchema: PluginConfigSchema;
  register: PluginRegister;
}

/**
 * Declares a plugin entry; `export default definePluginEntry({...})` from the module named in
 * `package.json` `openclaw.extensions`.
 *
 * @example
 * ```ts
 * import { definePluginEntry } from "openclaw/plugin-sdk/core";
 * export default definePluginEntry({
 *   id: "hello",
 *   name: "Hello",
 *   register(api) {
 *     api.registerGatewayMethod("hello.ping", ({ respond }) => respond(true, { pong: true }));
 *   },
 * });
 * ```
 */
export function definePluginEntry(options: PluginEntryOptions): PluginEntry {
  const entry: PluginEntry = {
    id: options.id,
    name: options.name,
    configSchema: options.configSchema ?? emptyPluginConfigSchema(),
    register: options.register,
  };
  if (options.description !== undefined) entry.description = options.description;
  if (options.kind !== undefined) entry.kind = options.kind;
  return entry;
}
