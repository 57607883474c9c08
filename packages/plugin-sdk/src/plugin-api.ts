import type { ChannelRegistration } from "./channel-types.js";
import type { PluginCliRegistrar, RegisterCliOptions } from "./cli-types.js";
import type { PluginCommand } from "./command-types.js";
import type { OpenClawConfig } from "./config-types.js";
import type { ContextEngineFactory } from "./context-engine-types.js";
import type { GatewayMethodOptions, GatewayRequestHandler } from "./gateway-method-types.js";
import type {
  LegacyHookHandler,
  LegacyHookOptions,
  PluginHookHandler,
  PluginHookName,
  PluginHookOptions,
} from "./hook-types.js";
import type { PluginHttpRoute } from "./http-route-types.js";
import type { PluginLogger } from "./logger-types.js";
import type { ProviderPlugin } from "./provider-types.js";
import type { PluginRuntime } from "./runtime-types.js";
import type { PluginService } from "./service-types.js";
import type { AgentTool, AgentToolFactory, RegisterToolOptions } from "./tool-types.js";

/**
 * Why `register(api)` is being called: `full` in the gateway; `cli-metadata` when the CLI only needs
 * `registerCli` (every other registration is then a no-op).
 */
export type PluginRegistrationMode = "full" | "cli-metadata";

/**
 * The object a plugin's `register(api)` receives. Registrations never throw into the plugin: a bad
 * registration becomes a diagnostic on the plugin's record and is dropped.
 */
export interface OpenClawPluginApi {
  /** Manifest id. */
  readonly id: string;
  /** Display name (manifest `name`, else the id). */
  readonly name: string;
  readonly version?: string;
  readonly description?: string;
  /** Absolute path of the entry file being loaded. */
  readonly source: string;
  /** Absolute plugin root (the directory holding `openclaw.plugin.json`). */
  readonly rootDir: string;
  readonly registrationMode: PluginRegistrationMode;
  /** The whole effective config. */
  readonly config: OpenClawConfig;
  /** `plugins.entries.<id>.config`, validated against the manifest schema, with its defaults applied. */
  readonly pluginConfig: Record<string, unknown>;
  readonly logger: PluginLogger;
  readonly runtime: PluginRuntime;
  /** Expands a leading `~` and resolves relative paths against the plugin root. */
  resolvePath(input: string): string;

  /** Registers an agent tool (or a factory building tools per run). */
  registerTool(tool: AgentTool | AgentToolFactory, opts?: RegisterToolOptions): void;
  /** Registers a legacy internal hook for one or more events (e.g. `command:new`). */
  registerHook(events: string | string[], handler: LegacyHookHandler, opts?: LegacyHookOptions): void;
  /** Registers a typed lifecycle hook. */
  on<K extends PluginHookName>(hookName: K, handler: PluginHookHandler<K>, opts?: PluginHookOptions): void;
  /** Registers a messaging channel; its config lives under `channels.<id>`. */
  registerChannel(registration: ChannelRegistration): void;
  /** Registers a model provider with its auth methods. */
  registerProvider(provider: ProviderPlugin): void;
  /** Registers a gateway RPC method named `pluginId.action`. */
  registerGatewayMethod(method: string, handler: GatewayRequestHandler, opts?: GatewayMethodOptions): void;
  /** Registers an HTTP route on the gateway server; `auth` is required. */
  registerHttpRoute(route: PluginHttpRoute): void;
  /** Registers top-level CLI commands (declare their names in `opts.commands`). */
  registerCli(registrar: PluginCliRegistrar, opts?: RegisterCliOptions): void;
  /** Registers an auto-reply slash command. */
  registerCommand(command: PluginCommand): void;
  /** Registers a background service started by the gateway. */
  registerService(service: PluginService): void;
  /** Registers a context engine selectable with `plugins.slots.contextEngine`. */
  registerContextEngine(id: string, factory: ContextEngineFactory): void;
}
