import type { ChannelRegistration } from "../channel-types.js";
import type { PluginCliRegistrar, RegisterCliOptions } from "../cli-types.js";
import type { PluginCommand } from "../command-types.js";
import type { ContextEngineFactory } from "../context-engine-types.js";
import type { GatewayRequestHandler } from "../gateway-method-types.js";
import type { LegacyHookHandler, PluginHookHandler, PluginHookName } from "../hook-types.js";
import type { PluginHttpRoute } from "../http-route-types.js";
import type { ProviderPlugin } from "../provider-types.js";
import type { PluginService } from "../service-types.js";
import type { AgentTool, AgentToolFactory } from "../tool-types.js";

/** A typed hook as registered with `api.on`. */
export interface RecordedTypedHook {
  hookName: PluginHookName;
  handler: PluginHookHandler<PluginHookName>;
  priority: number;
}

/** A legacy hook as registered with `api.registerHook`. */
export interface RecordedLegacyHook {
  events: string[];
  handler: LegacyHookHandler;
  name?: string;
}

/** A registration the real registry would drop, with why (the host reports these as diagnostics). */
export interface RecordedDiagnostic {
  kind: string;
  message: string;
}

/** Everything a plugin registered through the test `api`, in registration order. */
export interface RecordedRegistrations {
  tools: Array<AgentTool | AgentToolFactory>;
  typedHooks: RecordedTypedHook[];
  legacyHooks: RecordedLegacyHook[];
  channels: ChannelRegistration[];
  providers: ProviderPlugin[];
  gatewayMethods: Map<string, GatewayRequestHandler>;
  httpRoutes: PluginHttpRoute[];
  cli: Array<{ registrar: PluginCliRegistrar; options: RegisterCliOptions }>;
  commands: PluginCommand[];
  services: PluginService[];
  contextEngines: Map<string, ContextEngineFactory>;
  diagnostics: RecordedDiagnostic[];
}

/** An empty {@link RecordedRegistrations}. */
export function emptyRegistrations(): RecordedRegistrations {
  return {
    tools: [],
    typedHooks: [],
    legacyHooks: [],
    channels: [],
    providers: [],
    gatewayMethods: new Map(),
    httpRoutes: [],
    cli: [],
    commands: [],
    services: [],
    contextEngines: new Map(),
    diagnostics: [],
  };
}

/** Names of what was registered, per kind: what an assertion usually compares. */
export interface RegistrationNames {
  tools: string[];
  typedHooks: string[];
  legacyHooks: string[];
  channels: string[];
  providers: string[];
  gatewayMethods: string[];
  httpRoutes: string[];
  cliCommands: string[];
  commands: string[];
  services: string[];
  contextEngines: string[];
}

/** The {@link RegistrationNames} of `r` (tool factories count under their declared names, else `<factory>`). */
export function registrationNames(r: RecordedRegistrations): RegistrationNames {
  return {
    tools: r.tools.map((t) => (typeof t === "function" ? "<factory>" : t.name)),
    typedHooks: r.typedHooks.map((h) => h.hookName),
    legacyHooks: r.legacyHooks.map((h) => h.name ?? h.events.join(",")),
    channels: r.channels.map((c) => ("meta" in c ? c.id : (c as { plugin: { id: string } }).plugin.id)),
    providers: r.providers.map((p) => p.id),
    gatewayMethods: [...r.gatewayMethods.keys()],
    httpRoutes: r.httpRoutes.map((route) => route.path),
    cliCommands: r.cli.flatMap((c) => c.options.commands ?? []),
    commands: r.commands.map((c) => c.name),
    services: r.services.map((s) => s.id),
    contextEngines: [...r.contextEngines.keys()],
  };
}
