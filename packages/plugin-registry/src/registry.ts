import {
  type AgentTool,
  type AgentToolFactory,
  type ChannelPlugin,
  type ChannelRegistration,
  type ContextEngineFactory,
  type GatewayMethodOptions,
  type GatewayRequestHandler,
  type LegacyHookHandler,
  type LegacyHookOptions,
  type OpenClawErrorCode,
  PLUGIN_HOOK_NAMES,
  type PluginCliRegistrar,
  type PluginCommand,
  type PluginHookHandler,
  type PluginHookName,
  type PluginHookOptions,
  type PluginHttpRoute,
  type PluginService,
  type ProviderPlugin,
  type RegisterCliOptions,
  type RegisterToolOptions,
} from "@openclaw/plugin-sdk/core";
import { commandNameProblem, isSnakeCase, normalizeRoutePath, routesOverlap } from "./registration-rules.js";
import type {
  ChannelRegistrationEntry,
  CliRegistration,
  CommandRegistration,
  ContextEngineRegistration,
  GatewayMethodRegistration,
  HttpRouteRegistration,
  LegacyHookRegistration,
  PluginDiagnostic,
  PluginRecord,
  PluginRegistrationSummary,
  ProviderRegistration,
  ServiceRegistration,
  ToolRegistration,
  TypedHookRegistration,
} from "./types.js";

const HOOK_NAMES: ReadonlySet<string> = new Set(PLUGIN_HOOK_NAMES);

/** Options of {@link PluginRegistry}. */
export interface PluginRegistryOptions {
  /** Gateway methods owned by core; plugins cannot register these names. */
  reservedGatewayMethods?: Iterable<string>;
  /** Top-level CLI commands owned by core; plugins cannot register these names. */
  reservedCliCommands?: Iterable<string>;
}

/** An empty per-surface summary. */
export function emptyRegistrationSummary(): PluginRegistrationSummary {
  return {
    tools: [],
    hooks: [],
    typedHooks: [],
    channels: [],
    providers: [],
    gatewayMethods: [],
    httpRoutes: [],
    cliCommands: [],
    commands: [],
    services: [],
    contextEngines: [],
  };
}

/**
 * The central plugin registry. Plugins register into it through their `api`; the gateway and the CLI
 * read only from it. A registration that breaks a rule never throws: it becomes an `error`
 * diagnostic on the owning plugin's record and is dropped.
 */
export class PluginRegistry {
  readonly #plugins = new Map<string, PluginRecord>();
  readonly #reservedMethods: ReadonlySet<string>;
  readonly #reservedCli: ReadonlySet<string>;
  /** Diagnostics not tied to one plugin (discovery, config). */
  readonly diagnostics: PluginDiagnostic[] = [];
  readonly tools: ToolRegistration[] = [];
  readonly hooks: LegacyHookRegistration[] = [];
  readonly typedHooks: TypedHookRegistration[] = [];
  readonly channels: ChannelRegistrationEntry[] = [];
  readonly providers: ProviderRegistration[] = [];
  readonly gatewayMethods: Map<string, GatewayMethodRegistration> = new Map();
  readonly httpRoutes: HttpRouteRegistration[] = [];
  readonly cliRegistrars: CliRegistration[] = [];
  readonly commands: Map<string, CommandRegistration> = new Map();
  /** Native command aliases (lower-cased) → command name. */
  readonly commandAliases: Map<string, string> = new Map();
  readonly services: ServiceRegistration[] = [];
  readonly contextEngines: Map<string, ContextEngineRegistration> = new Map();

  constructor(options: PluginRegistryOptions = {}) {
    this.#reservedMethods = new Set(options.reservedGatewayMethods ?? []);
    this.#reservedCli = new Set(options.reservedCliCommands ?? []);
  }

  /** Adds (or replaces) a plugin record. */
  addPlugin(record: PluginRecord): void {
    this.#plugins.set(record.id, record);
  }

  /** Removes a plugin completely: its registrations and its record (after an uninstall). */
  removePlugin(id: string): void {
    this.removeRegistrations(id);
    this.#plugins.delete(id);
  }

  /** The record of `id`, if any. */
  getPlugin(id: string): PluginRecord | undefined {
    return this.#plugins.get(id);
  }

  /** Every record, in discovery order. */
  listPlugins(): PluginRecord[] {
    return [...this.#plugins.values()];
  }

  /** Records a diagnostic on the plugin's record (or globally when it has none). */
  report(diagnostic: PluginDiagnostic): void {
    const record = diagnostic.pluginId === undefined ? undefined : this.#plugins.get(diagnostic.pluginId);
    if (record) record.diagnostics.push(diagnostic);
    else this.diagnostics.push(diagnostic);
  }

  #reject(pluginId: string, code: OpenClawErrorCode, message: string, hint?: string): void {
    this.report({ level: "error", code, message, pluginId, ...(hint === undefined ? {} : { hint }) });
  }

  #summary(pluginId: string): PluginRegistrationSummary {
    return this.#plugins.get(pluginId)?.registrations ?? emptyRegistrationSummary();
  }

  registerTool(pluginId: string, tool: AgentTool | AgentToolFactory, opts: RegisterToolOptions = {}): void {
    const names = [...(opts.names ?? []), ...(opts.name ? [opts.name] : [])];
    if (typeof tool !== "function") {
      if (
        !tool ||
        typeof tool.name !== "string" ||
        tool.name.trim() === "" ||
        typeof tool.execute !== "function"
      ) {
        this.#reject(
          pluginId,
          "REGISTRY_INVALID_REGISTRATION",
          "tool registration needs a name and an execute function",
        );
        return;
      }
      if (!names.includes(tool.name)) names.push(tool.name);
    } else if (names.length === 0) {
      this.#reject(
        pluginId,
        "REGISTRY_INVALID_REGISTRATION",
        "tool factory registration needs opts.name or opts.names",
      );
      return;
    }
    for (const name of names) {
      const owner = this.tools.find((t) => t.names.includes(name));
      if (owner) {
        this.#reject(pluginId, "REGISTRY_DUPLICATE", `tool already registered: ${name} (${owner.pluginId})`);
        return;
      }
      if (!isSnakeCase(name)) {
        this.report({ level: "warn", pluginId, message: `tool name "${name}" is not snake_case` });
      }
    }
    this.tools.push({ pluginId, names, optional: opts.optional === true, tool });
    this.#summary(pluginId).tools.push(...names);
  }

  registerHook(
    pluginId: string,
    events: string | string[],
    handler: LegacyHookHandler,
    opts: LegacyHookOptions = {},
  ): void {
    const name = opts.name?.trim();
    if (!name) {
      this.report({ level: "warn", pluginId, message: "hook registration missing name" });
      return;
    }
    const owner = this.hooks.find((h) => h.name === name);
    if (owner) {
      this.#reject(pluginId, "REGISTRY_DUPLICATE", `hook already registered: ${name} (${owner.pluginId})`);
      return;
    }
    const list = (Array.isArray(events) ? events : [events]).map((e) => e.trim()).filter((e) => e !== "");
    this.hooks.push({
      pluginId,
      name,
      events: list,
      handler,
      ...(opts.description === undefined ? {} : { description: opts.description }),
    });
    this.#summary(pluginId).hooks.push(name);
  }

  registerTypedHook(
    pluginId: string,
    hookName: PluginHookName,
    handler: PluginHookHandler<PluginHookName>,
    opts: PluginHookOptions = {},
  ): void {
    if (!HOOK_NAMES.has(hookName)) {
      this.report({ level: "warn", pluginId, message: `unknown typed hook "${hookName}" ignored` });
      return;
    }
    if (typeof handler !== "function") {
      this.#reject(pluginId, "REGISTRY_INVALID_REGISTRATION", `hook ${hookName} handler must be a function`);
      return;
    }
    this.typedHooks.push({ pluginId, hookName, handler, priority: opts.priority ?? 0 });
    this.#summary(pluginId).typedHooks.push(hookName);
  }

  registerChannel(pluginId: string, registration: ChannelRegistration): void {
    const plugin: ChannelPlugin =
      "plugin" in registration && typeof registration.plugin === "object"
        ? (registration.plugin as ChannelPlugin)
        : (registration as ChannelPlugin);
    const id = typeof plugin?.id === "string" ? plugin.id.trim() : "";
    if (id === "") {
      this.#reject(pluginId, "REGISTRY_INVALID_REGISTRATION", "channel registration missing id");
      return;
    }
    const owner = this.channels.find((c) => c.plugin.id === id);
    if (owner) {
      this.#reject(pluginId, "REGISTRY_DUPLICATE", `channel already registered: ${id} (${owner.pluginId})`);
      return;
    }
    this.channels.push({ pluginId, plugin });
    this.#summary(pluginId).channels.push(id);
  }

  registerProvider(pluginId: string, provider: ProviderPlugin): void {
    const id = typeof provider?.id === "string" ? provider.id.trim() : "";
    if (id === "") {
      this.#reject(pluginId, "REGISTRY_INVALID_REGISTRATION", "provider registration missing id");
      return;
    }
    const owner = this.providers.find((p) => p.provider.id === id);
    if (owner) {
      this.#reject(pluginId, "REGISTRY_DUPLICATE", `provider already registered: ${id} (${owner.pluginId})`);
      return;
    }
    const methods = Array.isArray(provider.auth) ? provider.auth : [];
    const seen = new Set<string>();
    for (const method of methods) {
      const methodId = typeof method?.id === "string" ? method.id.trim() : "";
      if (methodId === "" || seen.has(methodId)) {
        this.#reject(
          pluginId,
          "REGISTRY_INVALID_REGISTRATION",
          `provider ${id}: blank or duplicate auth method id "${methodId}"`,
        );
        return;
      }
      seen.add(methodId);
    }
    const normalized: ProviderPlugin = { ...provider, auth: methods };
    if (provider.wizard) {
      if (methods.length === 0) {
        this.report({
          level: "warn",
          pluginId,
          message: `provider ${id}: wizard metadata ignored (no auth methods)`,
        });
        delete normalized.wizard;
      } else {
        const wizard = structuredClone(provider.wizard);
        for (const key of ["onboarding", "modelPicker"] as const) {
          const binding = wizard[key];
          if (binding?.methodId !== undefined && !seen.has(binding.methodId)) {
            this.report({
              level: "warn",
              pluginId,
              message: `provider ${id}: wizard.${key}.methodId "${binding.methodId}" names no auth method; falling back to the provider's auth methods`,
            });
            delete binding.methodId;
          }
        }
        normalized.wizard = wizard;
      }
    }
    this.providers.push({ pluginId, provider: normalized });
    this.#summary(pluginId).providers.push(id);
  }

  registerGatewayMethod(
    pluginId: string,
    method: string,
    handler: GatewayRequestHandler,
    opts: GatewayMethodOptions = {},
  ): void {
    const name = typeof method === "string" ? method.trim() : "";
    if (name === "" || typeof handler !== "function") {
      this.#reject(
        pluginId,
        "REGISTRY_INVALID_REGISTRATION",
        "gateway method registration needs a name and a handler",
      );
      return;
    }
    const owner = this.gatewayMethods.get(name);
    if (this.#reservedMethods.has(name) || owner) {
      this.#reject(
        pluginId,
        "REGISTRY_DUPLICATE",
        `gateway method already registered: ${name} (${owner?.pluginId ?? "core"})`,
        "Name plugin methods `<pluginId>.<action>`.",
      );
      return;
    }
    this.gatewayMethods.set(name, { pluginId, method: name, scope: opts.scope ?? "operator.admin", handler });
    this.#summary(pluginId).gatewayMethods.push(name);
  }

  registerHttpRoute(pluginId: string, route: PluginHttpRoute): void {
    const path = normalizeRoutePath(typeof route?.path === "string" ? route.path : "");
    if (path === "") {
      this.report({ level: "warn", pluginId, message: "http route registration missing path" });
      return;
    }
    if (route.auth !== "gateway" && route.auth !== "plugin") {
      this.#reject(
        pluginId,
        "REGISTRY_INVALID_REGISTRATION",
        `http route registration missing or invalid auth: ${path}`,
        'Set auth: "gateway" (gateway token) or "plugin" (the plugin verifies requests).',
      );
      return;
    }
    if (typeof route.handler !== "function") {
      this.#reject(pluginId, "REGISTRY_INVALID_REGISTRATION", `http route ${path} has no handler`);
      return;
    }
    const match = route.match === "prefix" ? "prefix" : "exact";
    const candidate = { pluginId, path, match, auth: route.auth, handler: route.handler } as const;
    const sameIndex = this.httpRoutes.findIndex((r) => r.path === path && r.match === match);
    const same = sameIndex === -1 ? undefined : this.httpRoutes[sameIndex];
    if (same) {
      if (!route.replaceExisting) {
        this.#reject(
          pluginId,
          "REGISTRY_DUPLICATE",
          `http route already registered: ${path} (${match}) by ${same.pluginId}`,
        );
        return;
      }
      if (same.pluginId !== pluginId) {
        this.#reject(
          pluginId,
          "REGISTRY_DUPLICATE",
          `http route replacement rejected: ${path} is owned by ${same.pluginId}`,
        );
        return;
      }
    }
    const conflict = this.httpRoutes.find(
      (r) => r !== same && r.auth !== candidate.auth && routesOverlap(r, candidate),
    );
    if (conflict) {
      this.#reject(
        pluginId,
        "REGISTRY_DUPLICATE",
        `http route overlap rejected: ${path} (${match}, auth ${candidate.auth}) overlaps ${conflict.path} (${conflict.match}, auth ${conflict.auth}) owned by ${conflict.pluginId}`,
      );
      return;
    }
    if (same) {
      this.httpRoutes[sameIndex] = candidate;
      return;
    }
    this.httpRoutes.push(candidate);
    this.#summary(pluginId).httpRoutes.push(`${path}${match === "prefix" ? "/*" : ""}`);
  }

  registerCli(pluginId: string, registrar: PluginCliRegistrar, opts: RegisterCliOptions = {}): void {
    const descriptors = (opts.descriptors ?? []).filter(
      (d) => typeof d?.name === "string" && d.name.trim() !== "" && typeof d.description === "string",
    );
    const commands = [
      ...new Set([...(opts.commands ?? []), ...descriptors.map((d) => d.name)].map((c) => c.trim())),
    ].filter((c) => c !== "");
    if (typeof registrar !== "function" || commands.length === 0) {
      this.#reject(
        pluginId,
        "REGISTRY_INVALID_REGISTRATION",
        "cli registration missing explicit commands metadata",
        'Pass { commands: ["<name>"] } as the second argument of registerCli.',
      );
      return;
    }
    for (const command of commands) {
      const owner = this.cliRegistrars.find((r) => r.commands.includes(command));
      if (this.#reservedCli.has(command) || owner) {
        this.#reject(
          pluginId,
          "REGISTRY_DUPLICATE",
          `cli command already registered: ${command} (${owner?.pluginId ?? "core"})`,
        );
        return;
      }
    }
    this.cliRegistrars.push({ pluginId, commands, descriptors, registrar });
    this.#summary(pluginId).cliCommands.push(...commands);
  }

  registerCommand(pluginId: string, command: PluginCommand): void {
    if (!command || typeof command.handler !== "function" || typeof command.name !== "string") {
      this.#reject(
        pluginId,
        "REGISTRY_INVALID_REGISTRATION",
        "command registration needs a name and a handler",
      );
      return;
    }
    if (typeof command.description !== "string" || command.description.trim() === "") {
      this.#reject(pluginId, "REGISTRY_INVALID_REGISTRATION", `command ${command.name} needs a description`);
      return;
    }
    const name = command.name.trim().toLowerCase();
    const aliases = Object.values(command.nativeNames ?? {})
      .filter((alias): alias is string => typeof alias === "string")
      .map((alias) => alias.trim().toLowerCase())
      .filter((alias) => alias !== name);
    for (const key of [name, ...aliases]) {
      const problem = commandNameProblem(key);
      if (problem) {
        this.#reject(
          pluginId,
          "REGISTRY_INVALID_REGISTRATION",
          key === name ? problem : `native command alias invalid: ${problem}`,
        );
        return;
      }
      const owner = this.commands.get(key) ?? this.commands.get(this.commandAliases.get(key) ?? "");
      if (owner) {
        this.#reject(
          pluginId,
          "REGISTRY_DUPLICATE",
          `Command "/${key}" already registered by plugin "${owner.pluginId}"`,
        );
        return;
      }
    }
    this.commands.set(name, { pluginId, name, command });
    for (const alias of aliases) this.commandAliases.set(alias, name);
    this.#summary(pluginId).commands.push(name);
  }

  /** The command registered as `nameOrAlias` (lower-cased name or native alias). */
  findCommand(nameOrAlias: string): CommandRegistration | undefined {
    const key = nameOrAlias.toLowerCase();
    return this.commands.get(key) ?? this.commands.get(this.commandAliases.get(key) ?? "");
  }

  registerService(pluginId: string, service: PluginService): void {
    const id = typeof service?.id === "string" ? service.id.trim() : "";
    if (id === "" || typeof service.start !== "function") {
      this.#reject(
        pluginId,
        "REGISTRY_INVALID_REGISTRATION",
        "service registration needs an id and a start function",
      );
      return;
    }
    const owner = this.services.find((s) => s.service.id === id);
    if (owner?.pluginId === pluginId) return;
    if (owner) {
      this.#reject(pluginId, "REGISTRY_DUPLICATE", `service already registered: ${id} (${owner.pluginId})`);
      return;
    }
    this.services.push({ pluginId, service });
    this.#summary(pluginId).services.push(id);
  }

  registerContextEngine(pluginId: string, id: string, factory: ContextEngineFactory): void {
    const engineId = typeof id === "string" ? id.trim() : "";
    if (engineId === "" || typeof factory !== "function") {
      this.#reject(
        pluginId,
        "REGISTRY_INVALID_REGISTRATION",
        "context engine registration needs an id and a factory",
      );
      return;
    }
    if (engineId === "legacy") {
      this.#reject(pluginId, "REGISTRY_DUPLICATE", "context engine id reserved by core: legacy");
      return;
    }
    const owner = this.contextEngines.get(engineId);
    if (owner && owner.pluginId !== pluginId) {
      this.#reject(
        pluginId,
        "REGISTRY_DUPLICATE",
        `context engine already registered: ${engineId} (${owner.pluginId})`,
      );
      return;
    }
    this.contextEngines.set(engineId, { pluginId, id: engineId, factory });
    if (!owner) this.#summary(pluginId).contextEngines.push(engineId);
  }

  /**
   * Removes every registration owned by `pluginId` (used when a plugin fails mid-register, and by
   * reload). The plugin record itself stays.
   */
  removeRegistrations(pluginId: string): void {
    const keep = <T extends { pluginId: string }>(list: T[]): void => {
      const kept = list.filter((entry) => entry.pluginId !== pluginId);
      list.splice(0, list.length, ...kept);
    };
    keep(this.tools);
    keep(this.hooks);
    keep(this.typedHooks);
    keep(this.channels);
    keep(this.providers);
    keep(this.httpRoutes);
    keep(this.cliRegistrars);
    keep(this.services);
    for (const map of [this.gatewayMethods, this.commands, this.contextEngines] as Map<
      string,
      { pluginId: string }
    >[]) {
      for (const [key, value] of map) if (value.pluginId === pluginId) map.delete(key);
    }
    const record = this.#plugins.get(pluginId);
    if (record) record.registrations = emptyRegistrationSummary();
  }
}
