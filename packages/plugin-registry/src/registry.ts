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
import {
  emptyDiagnosticStats,
  MAX_GLOBAL_DIAGNOSTICS,
  MAX_PLUGIN_DIAGNOSTICS,
  pushDiagnostic,
} from "./diagnostics.js";
import { failRecord } from "./lifecycle.js";
import { normalizeProvider } from "./provider-rules.js";
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
  PluginDiagnosticStats,
  PluginFailure,
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

/**
 * The right to register on behalf of one plugin generation. `createPluginApi` checks it before every
 * registration; {@link PluginRegistry.revoke} (failure, timeout, reload) ends it, after which the
 * plugin's late calls are refused.
 */
export interface RegistrationLease {
  readonly pluginId: string;
  /** Process-wide unique generation number. */
  readonly generation: number;
  /** The registry registrations go to (a reload's staging registry until it is committed). */
  registry: PluginRegistry;
}

/** Called after a plugin was marked failed (its registrations are already removed). */
export type PluginFailureListener = (record: PluginRecord, failure: PluginFailure) => void;

let generationCounter = 0;

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
  /** Live generation per plugin id: the only lease whose registrations are accepted. */
  readonly #leases = new Map<string, RegistrationLease>();
  readonly #failureListeners = new Set<PluginFailureListener>();
  /** Diagnostics not tied to one plugin (discovery, config); the last {@link MAX_GLOBAL_DIAGNOSTICS}. */
  readonly diagnostics: PluginDiagnostic[] = [];
  /** Counters over every registry-wide diagnostic. */
  readonly diagnosticStats: PluginDiagnosticStats = emptyDiagnosticStats();
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

  /**
   * Records a diagnostic on the plugin's record (or registry-wide when it has none). Both lists are
   * bounded rings with counters (`diagnosticStats`), so a plugin failing in a loop cannot grow memory.
   */
  report(diagnostic: PluginDiagnostic): void {
    const record = diagnostic.pluginId === undefined ? undefined : this.#plugins.get(diagnostic.pluginId);
    if (record) {
      record.diagnosticStats ??= emptyDiagnosticStats();
      pushDiagnostic(record.diagnostics, record.diagnosticStats, diagnostic, MAX_PLUGIN_DIAGNOSTICS);
    } else pushDiagnostic(this.diagnostics, this.diagnosticStats, diagnostic, MAX_GLOBAL_DIAGNOSTICS);
  }

  /**
   * Opens a new registration generation for `pluginId` (revoking any previous one) and returns its
   * lease; `createPluginApi` binds the plugin's `api` to it.
   */
  openLease(pluginId: string): RegistrationLease {
    const lease: RegistrationLease = { pluginId, generation: ++generationCounter, registry: this };
    this.#leases.set(pluginId, lease);
    return lease;
  }

  /** True while `lease` is its plugin's live generation and the plugin has not failed. */
  accepts(lease: RegistrationLease): boolean {
    const status = this.#plugins.get(lease.pluginId)?.status;
    return this.#leases.get(lease.pluginId) === lease && status !== "error" && status !== "disabled";
  }

  /** The live registration generation of `pluginId`, if its api is not revoked. */
  liveGeneration(pluginId: string): number | undefined {
    return this.#leases.get(pluginId)?.generation;
  }

  /** Ends the live generation of `pluginId`: its `api` refuses every later registration. */
  revoke(pluginId: string): void {
    this.#leases.delete(pluginId);
  }

  /**
   * The one "mark failed" path: marks the record failed (the first failure wins), revokes its `api`,
   * removes everything it registered and notifies the listeners (the gateway stops its services).
   * Returns `false` when the plugin had already failed (only a diagnostic is added then).
   */
  fail(pluginId: string, failure: PluginFailure): boolean {
    const record = this.#plugins.get(pluginId);
    this.report({
      level: "error",
      code: failure.code,
      message: failure.message,
      pluginId,
      ...(record ? { source: record.source } : {}),
      ...(failure.hint === undefined ? {} : { hint: failure.hint }),
    });
    if (!record || !failRecord(record, failure)) return false;
    this.revoke(pluginId);
    this.removeRegistrations(pluginId);
    for (const listener of this.#failureListeners) listener(record, failure);
    return true;
  }

  /** Subscribes to plugin failures; returns the unsubscribe function. */
  onPluginFailed(listener: PluginFailureListener): () => void {
    this.#failureListeners.add(listener);
    return () => this.#failureListeners.delete(listener);
  }

  #reject(pluginId: string, code: OpenClawErrorCode, message: string, hint?: string): void {
    this.report({ level: "error", code, message, pluginId, ...(hint === undefined ? {} : { hint }) });
  }

  #summary(pluginId: string): PluginRegistrationSummary {
    return this.#plugins.get(pluginId)?.registrations ?? emptyRegistrationSummary();
  }

  /**
   * Registers an agent tool (a static tool, or a factory evaluated per agent run). Rule: the declared
   * names (`opts.names`, `opts.name`, a static tool's own name) are unique across plugins, and a
   * factory's tools are served only under these names (the gateway drops others with
   * `REGISTRY_UNDECLARED_TOOL`). Non-snake_case names only warn.
   * Rejections: `REGISTRY_INVALID_REGISTRATION` (no name/execute; a factory without declared names),
   * `REGISTRY_DUPLICATE` (a name another registration declared).
   */
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

  /**
   * Registers a legacy (internal-event) hook under `opts.name` for `events` (`type` or `type:action`).
   * Rule: the name is unique across plugins; a missing name only warns and skips the hook.
   * Rejection: `REGISTRY_DUPLICATE`.
   */
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

  /**
   * Registers a typed hook handler (`api.on`) with `opts.priority` (higher runs first, default 0).
   * Rule: the hook name must be one of `PLUGIN_HOOK_NAMES` (unknown names only warn and are skipped).
   * Rejection: `REGISTRY_INVALID_REGISTRATION` (handler not a function).
   */
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

  /**
   * Registers a channel (`{ plugin }` or a bare channel plugin). Rule: the trimmed `plugin.id` is
   * unique across plugins. Rejections: `REGISTRY_INVALID_REGISTRATION` (no id), `REGISTRY_DUPLICATE`.
   */
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

  /**
   * Registers a model provider. Rules: the trimmed id is unique; auth method ids are non-blank and
   * unique within the provider; wizard bindings naming no auth method are dropped with a warning.
   * Rejections: `REGISTRY_INVALID_REGISTRATION` (no id, blank/duplicate auth method id),
   * `REGISTRY_DUPLICATE`.
   */
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
    const result = normalizeProvider(id, provider);
    if (!result.ok) {
      this.#reject(pluginId, "REGISTRY_INVALID_REGISTRATION", result.problem);
      return;
    }
    for (const message of result.warnings) this.report({ level: "warn", pluginId, message });
    const normalized = result.provider;
    this.providers.push({ pluginId, provider: normalized });
    this.#summary(pluginId).providers.push(id);
  }

  /**
   * Registers an RPC method (default scope `operator.admin`). Rule: the trimmed name is neither a
   * core method nor registered by another plugin (name plugin methods `<pluginId>.<action>`).
   * Rejections: `REGISTRY_INVALID_REGISTRATION` (no name/handler), `REGISTRY_DUPLICATE`.
   */
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

  /** The normalised path of a well-formed route, else `undefined` (reported). */
  #validRoutePath(pluginId: string, route: PluginHttpRoute): string | undefined {
    const path = normalizeRoutePath(typeof route?.path === "string" ? route.path : "");
    if (path === "") {
      this.report({ level: "warn", pluginId, message: "http route registration missing path" });
      return undefined;
    }
    if (route.auth !== "gateway" && route.auth !== "plugin") {
      this.#reject(
        pluginId,
        "REGISTRY_INVALID_REGISTRATION",
        `http route registration missing or invalid auth: ${path}`,
        'Set auth: "gateway" (gateway token) or "plugin" (the plugin verifies requests).',
      );
      return undefined;
    }
    if (typeof route.handler !== "function") {
      this.#reject(pluginId, "REGISTRY_INVALID_REGISTRATION", `http route ${path} has no handler`);
      return undefined;
    }
    return path;
  }

  /**
   * Registers an HTTP route on the gateway port. Rules: `auth` is `gateway` or `plugin`; a path is
   * normalised (leading `/`, no trailing `/`) and compared case-insensitively, because requests are
   * matched case-insensitively: a route equal to another up to case is a duplicate, replaceable only
   * by its owner with `replaceExisting`; overlapping routes must share one auth mode. A missing path
   * only warns. Rejections: `REGISTRY_INVALID_REGISTRATION` (bad auth, no handler),
   * `REGISTRY_DUPLICATE` (same path up to case, foreign replacement, mixed-auth overlap).
   */
  registerHttpRoute(pluginId: string, route: PluginHttpRoute): void {
    const path = this.#validRoutePath(pluginId, route);
    if (path === undefined) return;
    const match = route.match === "prefix" ? "prefix" : "exact";
    const candidate = {
      pluginId,
      path,
      match,
      auth: route.auth as HttpRouteRegistration["auth"],
      handler: route.handler,
    } as const;
    const lower = path.toLowerCase();
    const sameIndex = this.httpRoutes.findIndex((r) => r.path.toLowerCase() === lower && r.match === match);
    const same = sameIndex === -1 ? undefined : this.httpRoutes[sameIndex];
    if (same) {
      if (!route.replaceExisting) {
        this.#reject(
          pluginId,
          "REGISTRY_DUPLICATE",
          same.path === path
            ? `http route already registered: ${path} (${match}) by ${same.pluginId}`
            : `http route ${path} (${match}) differs only in case from ${same.path} registered by ${same.pluginId}; paths match case-insensitively`,
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

  /**
   * Registers a CLI registrar with the top-level commands it adds (`opts.commands` and descriptor
   * names). Rule: at least one command, none owned by core or another plugin.
   * Rejections: `REGISTRY_INVALID_REGISTRATION` (no commands metadata), `REGISTRY_DUPLICATE`.
   */
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

  /**
   * Registers an auto-reply command (`/name`). Rules: name and native aliases are lower-cased, match
   * `[a-z][a-z0-9_-]*`, are not reserved by core, and collide with no registered name or alias; a
   * description is required. Rejections: `REGISTRY_INVALID_REGISTRATION`, `REGISTRY_DUPLICATE`.
   */
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

  /**
   * Registers a background service started after the gateway listens. Rules: the trimmed id is
   * unique; the same id again from the same plugin is ignored (idempotent).
   * Rejections: `REGISTRY_INVALID_REGISTRATION` (no id/start), `REGISTRY_DUPLICATE` (another plugin's id).
   */
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

  /**
   * Registers a context engine factory under `id`. Rules: `legacy` is core's; an id is owned by the
   * first plugin that registers it (the owner may replace its own factory).
   * Rejections: `REGISTRY_INVALID_REGISTRATION` (no id/factory), `REGISTRY_DUPLICATE`.
   */
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

  #lists(): Array<Array<{ pluginId: string }>> {
    return [
      this.tools,
      this.hooks,
      this.typedHooks,
      this.channels,
      this.providers,
      this.httpRoutes,
      this.cliRegistrars,
      this.services,
    ];
  }

  #maps(): Array<Map<string, { pluginId: string }>> {
    return [this.gatewayMethods, this.commands, this.contextEngines];
  }

  /**
   * Removes every registration owned by `pluginId` (used when a plugin fails, and by reload). The
   * plugin record itself stays.
   */
  removeRegistrations(pluginId: string): void {
    for (const list of this.#lists()) {
      const kept = list.filter((entry) => entry.pluginId !== pluginId);
      list.splice(0, list.length, ...kept);
    }
    for (const map of this.#maps()) {
      for (const [key, value] of map) if (value.pluginId === pluginId) map.delete(key);
    }
    for (const [alias, name] of this.commandAliases) {
      if (!this.commands.has(name)) this.commandAliases.delete(alias);
    }
    const record = this.#plugins.get(pluginId);
    if (record) record.registrations = emptyRegistrationSummary();
  }

  /**
   * A staging registry for a new generation of `pluginId`: same reserved names, a snapshot of every
   * other plugin's registrations (so collisions are judged as they would be live) and none of this
   * plugin's. Load the new generation into it, then {@link commit} it, or drop it to roll back.
   */
  stage(pluginId: string): PluginRegistry {
    const staging = new PluginRegistry({
      reservedGatewayMethods: this.#reservedMethods,
      reservedCliCommands: this.#reservedCli,
    });
    const target = staging.#lists();
    this.#lists().forEach((list, index) => {
      target[index]?.push(...list.filter((entry) => entry.pluginId !== pluginId));
    });
    const targetMaps = staging.#maps();
    this.#maps().forEach((map, index) => {
      for (const [key, value] of map) if (value.pluginId !== pluginId) targetMaps[index]?.set(key, value);
    });
    for (const [alias, name] of this.commandAliases) {
      if (staging.commands.has(name)) staging.commandAliases.set(alias, name);
    }
    for (const record of this.#plugins.values())
      if (record.id !== pluginId) staging.#plugins.set(record.id, record);
    return staging;
  }

  /**
   * Swaps in the generation of `pluginId` loaded into `staging` (see {@link stage}): the old
   * generation's `api` is revoked and its registrations removed, the new record and registrations
   * take their place, and the new generation's `api` now registers here.
   */
  commit(staging: PluginRegistry, pluginId: string): void {
    const record = staging.getPlugin(pluginId);
    if (!record) return;
    this.revoke(pluginId);
    this.removeRegistrations(pluginId);
    const source = staging.#lists();
    this.#lists().forEach((list, index) => {
      list.push(...(source[index] ?? []).filter((entry) => entry.pluginId === pluginId));
    });
    const sourceMaps = staging.#maps();
    this.#maps().forEach((map, index) => {
      for (const [key, value] of sourceMaps[index] ?? [])
        if (value.pluginId === pluginId) map.set(key, value);
    });
    for (const [alias, name] of staging.commandAliases) {
      if (this.commands.get(name)?.pluginId === pluginId) this.commandAliases.set(alias, name);
    }
    this.#plugins.set(pluginId, record);
    const lease = staging.#leases.get(pluginId);
    if (lease) {
      lease.registry = this;
      this.#leases.set(pluginId, lease);
    }
  }
}
