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
import type { PluginRegistry, RegistrationLease } from "./registry.js";
import type { PluginRecord } from "./types.js";

/** Inputs of {@link createPluginApi}. */
export interface CreatePluginApiOptions {
  registry: PluginRegistry;
  record: PluginRecord;
  /** The generation this api registers for; default a new lease opened on `registry`. */
  lease?: RegistrationLease;
  config: OpenClawConfig;
  /** Validated plugin config with schema defaults applied. */
  pluginConfig: Record<string, unknown>;
  logger: PluginLogger;
  runtime: PluginRuntime;
  mode: PluginRegistrationMode;
  /** Home directory used for `~` expansion; default `$OPENCLAW_HOME`, else the OS home. */
  homeDir?: string;
}

type Registrar = <A extends unknown[]>(
  method: string,
  apply: (registry: PluginRegistry, ...args: A) => void,
) => (...args: A) => void;

/**
 * Wraps registry calls so they go to the lease's current registry while the lease is live, and are
 * refused once it is revoked (the plugin failed, timed out or was reloaded): the first refused call is
 * logged and reported with `PLUGIN_API_REVOKED`, later ones are dropped silently.
 */
function leasedRegistrar(lease: RegistrationLease, logger: PluginLogger, enabled: boolean): Registrar {
  let refused = false;
  return (method, apply) =>
    (...args) => {
      if (!enabled) return;
      const registry = lease.registry;
      if (registry.accepts(lease)) {
        apply(registry, ...args);
        return;
      }
      if (refused) return;
      refused = true;
      const message = `plugin ${lease.pluginId} called api.${method} after its api was revoked (failed, timed out or reloaded); refused`;
      logger.warn(message);
      registry.report({ level: "warn", code: "PLUGIN_API_REVOKED", pluginId: lease.pluginId, message });
    };
}

function resolverFor(rootDir: string, home: string): (input: string) => string {
  return (input) => {
    const trimmed = input.trim();
    const expanded =
      trimmed === "~" ? home : trimmed.startsWith("~/") ? resolve(home, trimmed.slice(2)) : trimmed;
    return isAbsolute(expanded) ? expanded : resolve(rootDir, expanded);
  };
}

/**
 * Builds the `api` object handed to one plugin's `register(api)`. Every method exists in every mode;
 * in `cli-metadata` mode everything except `registerCli` is a no-op. Registrations are recorded under
 * the plugin's id for as long as its lease is live; after a failure, timeout or reload the `api` is
 * revoked and refuses further registrations (`PLUGIN_API_REVOKED`, logged once).
 */
export function createPluginApi(options: CreatePluginApiOptions): OpenClawPluginApi {
  const { record, mode } = options;
  const id = record.id;
  const full = mode === "full";
  const lease = options.lease ?? options.registry.openLease(id);
  const live = leasedRegistrar(lease, options.logger, full);
  const cli = leasedRegistrar(lease, options.logger, true);
  return {
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
    resolvePath: resolverFor(record.rootDir, options.homeDir ?? process.env.OPENCLAW_HOME ?? homedir()),
    registerTool: live("registerTool", (r, tool, opts) => r.registerTool(id, tool, opts)),
    registerHook: live("registerHook", (r, events, handler, opts) =>
      r.registerHook(id, events, handler, opts),
    ),
    on: live(
      "on",
      <K extends PluginHookName>(
        r: PluginRegistry,
        hookName: K,
        handler: PluginHookHandler<K>,
        opts?: { priority?: number },
      ) => r.registerTypedHook(id, hookName, handler as PluginHookHandler<PluginHookName>, opts),
    ) as OpenClawPluginApi["on"],
    registerChannel: live("registerChannel", (r, registration) => r.registerChannel(id, registration)),
    registerProvider: live("registerProvider", (r, provider) => r.registerProvider(id, provider)),
    registerGatewayMethod: live("registerGatewayMethod", (r, method, handler, opts) =>
      r.registerGatewayMethod(id, method, handler, opts),
    ),
    registerHttpRoute: live("registerHttpRoute", (r, route) => r.registerHttpRoute(id, route)),
    registerCli: cli("registerCli", (r, registrar, opts) => r.registerCli(id, registrar, opts)),
    registerCommand: live("registerCommand", (r, command) => r.registerCommand(id, command)),
    registerService: live("registerService", (r, service) => r.registerService(id, service)),
    registerContextEngine: live("registerContextEngine", (r, engineId, factory) =>
      r.registerContextEngine(id, engineId, factory),
    ),
  };
}
