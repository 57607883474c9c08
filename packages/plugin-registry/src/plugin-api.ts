import { homedir } from "node:os";
import { isAbsolute, resolve } from "node:path";
import type {
  OpenClawConfig,
  OpenClawPluginApi,
  PluginHookHandler,
  PluginHookName,
  PluginLogger,
  PluginRegistrationMode,
  PluginRuntime,
} from "@openclaw/plugin-sdk/core";
import type { PluginRegistry } from "./registry.js";
import type { PluginRecord } from "./types.js";

/** Inputs of {@link createPluginApi}. */
export interface CreatePluginApiOptions {
  registry: PluginRegistry;
  record: PluginRecord;
  config: OpenClawConfig;
  /** Validated plugin config with schema defaults applied. */
  pluginConfig: Record<string, unknown>;
  logger: PluginLogger;
  runtime: PluginRuntime;
  mode: PluginRegistrationMode;
  /** Home directory used for `~` expansion; default `$OPENCLAW_HOME`, else the OS home. */
  homeDir?: string;
}

/**
 * Builds the `api` object handed to one plugin's `register(api)`. Every method exists in every mode;
 * in `cli-metadata` mode everything except `registerCli` is a no-op. Registrations are recorded in
 * the registry under the plugin's id.
 */
export function createPluginApi(options: CreatePluginApiOptions): OpenClawPluginApi {
  const { registry, record, mode } = options;
  const id = record.id;
  const full = mode === "full";
  const home = options.homeDir ?? process.env.OPENCLAW_HOME ?? homedir();
  const api: OpenClawPluginApi = {
    id,
    name: record.name,
    ...(record.version === undefined ? {} : { version: record.version }),
    ...(record.description === undefined ? {} : { description: record.description }),
    source: record.source,
    rootDir: record.rootDir,
    registrationMode: mode,
    config: options.config,
    pluginConfig: options.pluginConfig,
    logger: options.logger,
    runtime: options.runtime,
    resolvePath(input: string): string {
      const trimmed = input.trim();
      const expanded =
        trimmed === "~" ? home : trimmed.startsWith("~/") ? resolve(home, trimmed.slice(2)) : trimmed;
      return isAbsolute(expanded) ? expanded : resolve(record.rootDir, expanded);
    },
    registerTool: (tool, opts) => full && registry.registerTool(id, tool, opts),
    registerHook: (events, handler, opts) => full && registry.registerHook(id, events, handler, opts),
    on: <K extends PluginHookName>(
      hookName: K,
      handler: PluginHookHandler<K>,
      opts?: { priority?: number },
    ) => full && registry.registerTypedHook(id, hookName, handler as PluginHookHandler<PluginHookName>, opts),
    registerChannel: (registration) => full && registry.registerChannel(id, registration),
    registerProvider: (provider) => full && registry.registerProvider(id, provider),
    registerGatewayMethod: (method, handler, opts) =>
      full && registry.registerGatewayMethod(id, method, handler, opts),
    registerHttpRoute: (route) => full && registry.registerHttpRoute(id, route),
    registerCli: (registrar, opts) => registry.registerCli(id, registrar, opts),
    registerCommand: (command) => full && registry.registerCommand(id, command),
    registerService: (service) => full && registry.registerService(id, service),
    registerContextEngine: (engineId, factory) =>
      full && registry.registerContextEngine(id, engineId, factory),
  };
  return api;
}
