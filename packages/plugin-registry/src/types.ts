import type {
  AgentTool,
  AgentToolFactory,
  ChannelPlugin,
  ContextEngineFactory,
  GatewayMethodOptions,
  GatewayRequestHandler,
  LegacyHookHandler,
  OpenClawErrorCode,
  PluginCliRegistrar,
  PluginCommand,
  PluginHookHandler,
  PluginHookName,
  PluginHttpRoute,
  PluginService,
  ProviderPlugin,
} from "@openclaw/plugin-sdk/core";

/** Where a plugin was discovered, in precedence order: config paths, workspace, global, bundled. */
export type PluginOrigin = "config" | "workspace" | "global" | "bundled";

/**
 * Lifecycle status of a plugin record (transitions: `PLUGIN_TRANSITIONS` in lifecycle.ts):
 * - `discovered`: found, not yet decided (only seen while the control plane is being built);
 * - `enabled`: validated and enabled, not (yet) loaded in this process;
 * - `registering`: its `register(api)` is running;
 * - `loaded`: imported and registered;
 * - `disabled`: enablement rules turned it off;
 * - `error`: failed (manifest, config, import, register, a service, or a runtime fault; see `error`).
 */
export type PluginStatus = "discovered" | "enabled" | "registering" | "loaded" | "disabled" | "error";

/**
 * Phase in which a plugin failed: the control-plane phases, `register`, `service` (a service start),
 * `runtime` (an uncaught fault, `process.exit`, or synchronous code that blocked the event loop).
 */
export type PluginFailurePhase = "discovery" | "validation" | "load" | "register" | "service" | "runtime";

/** Why a plugin failed: a coded reason and the phase. */
export interface PluginFailure {
  code: OpenClawErrorCode;
  message: string;
  phase: PluginFailurePhase;
  hint?: string;
}

/** Counters of a bounded diagnostic list (see `MAX_PLUGIN_DIAGNOSTICS`). */
export interface PluginDiagnosticStats {
  /** Diagnostics ever reported. */
  total: number;
  /** Times the oldest kept diagnostic was dropped to make room. */
  dropped: number;
  /** Count per code (uncoded diagnostics count under their level). */
  byCode: Record<string, number>;
}

/** One finding about a plugin or the plugin system. */
export interface PluginDiagnostic {
  level: "error" | "warn" | "info";
  message: string;
  code?: OpenClawErrorCode;
  pluginId?: string;
  source?: string;
  /** How to fix it. */
  hint?: string;
}

/** Why a plugin is enabled or not. */
export interface PluginActivation {
  enabled: boolean;
  /** `explicit`: the config asked for it; `default`: origin default; `disabled`: a rule turned it off. */
  source: "explicit" | "default" | "disabled";
  reason: string;
}

/** Names of everything one plugin registered, per surface. */
export interface PluginRegistrationSummary {
  tools: string[];
  hooks: string[];
  typedHooks: string[];
  channels: string[];
  providers: string[];
  gatewayMethods: string[];
  httpRoutes: string[];
  cliCommands: string[];
  commands: string[];
  services: string[];
  contextEngines: string[];
}

/** A plugin as the registry knows it. */
export interface PluginRecord {
  id: string;
  name: string;
  version?: string;
  description?: string;
  kind?: string;
  origin: PluginOrigin;
  /** Absolute entry file. */
  source: string;
  /** Absolute plugin root (holds `openclaw.plugin.json`). */
  rootDir: string;
  packageName?: string;
  activation: PluginActivation;
  status: PluginStatus;
  error?: PluginFailure;
  /** Channel ids declared by the manifest. */
  channels: string[];
  /** Provider ids declared by the manifest. */
  providers: string[];
  uiHints?: Record<string, unknown>;
  registrations: PluginRegistrationSummary;
  /** The most recent diagnostics (bounded; add them through `PluginRegistry.report`). */
  diagnostics: PluginDiagnostic[];
  /** Counters over every diagnostic ever reported for this plugin. */
  diagnosticStats?: PluginDiagnosticStats;
}

/** Fields common to every registration: who registered it. */
export interface OwnedRegistration {
  pluginId: string;
}

export interface ToolRegistration extends OwnedRegistration {
  names: string[];
  optional: boolean;
  /** A static tool, or a factory evaluated per agent run. */
  tool: AgentTool | AgentToolFactory;
}

export interface LegacyHookRegistration extends OwnedRegistration {
  name: string;
  events: string[];
  description?: string;
  handler: LegacyHookHandler;
}

export interface TypedHookRegistration extends OwnedRegistration {
  hookName: PluginHookName;
  priority: number;
  handler: PluginHookHandler<PluginHookName>;
}

export interface ChannelRegistrationEntry extends OwnedRegistration {
  plugin: ChannelPlugin;
}

export interface ProviderRegistration extends OwnedRegistration {
  provider: ProviderPlugin;
}

export interface GatewayMethodRegistration extends OwnedRegistration {
  method: string;
  scope: NonNullable<GatewayMethodOptions["scope"]>;
  handler: GatewayRequestHandler;
}

export interface HttpRouteRegistration extends OwnedRegistration {
  /** Normalised path (leading `/`, no trailing `/`). */
  path: string;
  match: "exact" | "prefix";
  auth: PluginHttpRoute["auth"];
  handler: PluginHttpRoute["handler"];
}

export interface CliRegistration extends OwnedRegistration {
  commands: string[];
  descriptors: Array<{ name: string; description: string }>;
  registrar: PluginCliRegistrar;
}

export interface CommandRegistration extends OwnedRegistration {
  /** Lower-cased name. */
  name: string;
  command: PluginCommand;
}

export interface ServiceRegistration extends OwnedRegistration {
  service: PluginService;
}

export interface ContextEngineRegistration extends OwnedRegistration {
  id: string;
  factory: ContextEngineFactory;
}
