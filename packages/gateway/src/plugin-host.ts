import { EventEmitter } from "node:events";
import {
  buildControlPlane,
  type ControlPlane,
  createPluginRuntime,
  type HostLogger,
  loadPlugins,
  type PathEnv,
  readConfigFile,
  resolveConfigPath,
  resolveStateDir,
  validateConfig,
} from "@openclaw/plugin-loader";
import type { PluginRecord, PluginRegistry } from "@openclaw/plugin-registry";
import { errorMessage, type OpenClawConfig, OpenClawError } from "@openclaw/plugin-sdk/core";
import { AgentRuntime } from "./agent/agent-runtime.js";
import { CORE_METHOD_NAMES } from "./core-methods.js";
import { pluginEventBroadcaster } from "./events/plugin-events.js";
import { HookRunner } from "./hooks/hook-runner.js";
import { inboundRuntime } from "./inbound/dispatch-inbound.js";
import { ServiceRunner } from "./services.js";

/** Options of {@link PluginHost.create}. */
export interface PluginHostOptions {
  version: string;
  env: PathEnv;
  logger: HostLogger;
  workspaceDir?: string;
  /** Per-plugin `register` budget in ms; default `plugins.registerTimeoutMs`, else 10 000. */
  registerTimeoutMs?: number;
}

/**
 * The gateway's plugin side: the config, the control plane, the live registry, the hook runner and the
 * service runner. Every registration is owned by its plugin, so {@link PluginHost.reload} can dispose
 * one plugin completely and import fresh code without a restart. Emits `plugins.reloaded` with the
 * new record.
 */
export class PluginHost extends EventEmitter {
  readonly stateDir: string;
  readonly registry: PluginRegistry;
  readonly hooks: HookRunner;
  readonly services: ServiceRunner;
  /** Agent turns, models, sessions (`api.runtime.agent` / `api.runtime.llm`). */
  readonly agent: AgentRuntime;
  #config: OpenClawConfig;
  #controlPlane: ControlPlane;

  private constructor(
    private readonly options: PluginHostOptions,
    config: OpenClawConfig,
    controlPlane: ControlPlane,
  ) {
    super();
    this.stateDir = resolveStateDir(options.env);
    this.#config = config;
    this.#controlPlane = controlPlane;
    this.registry = controlPlane.registry;
    this.hooks = new HookRunner(this.registry, () => this.#config, options.logger);
    this.agent = new AgentRuntime({
      registry: this.registry,
      hooks: this.hooks,
      config: () => this.#config,
      controlPlane: () => this.#controlPlane,
      stateDir: this.stateDir,
      env: options.env,
      logger: options.logger,
    });
    this.services = new ServiceRunner(
      this.registry,
      {
        config,
        stateDir: this.stateDir,
        ...(options.workspaceDir ? { workspaceDir: options.workspaceDir } : {}),
      },
      options.logger,
    );
  }

  /**
   * Reads the config, builds the control plane, logs its config validation issues, then loads every
   * enabled plugin (each failure contained and logged once).
   * @throws {@link OpenClawError} `CONFIG_PARSE_FAILED`.
   */
  static async create(options: PluginHostOptions): Promise<PluginHost> {
    const config = (await readConfigFile(resolveConfigPath(options.env))).config;
    const controlPlane = await PluginHost.#plane(options, config);
    // Validated before loading, so each runtime failure is logged once, by the loader.
    const validation = validateConfig(controlPlane);
    for (const issue of [...validation.errors, ...validation.warnings]) {
      options.logger[issue.level === "error" ? "error" : "warn"](
        { code: issue.code, path: issue.path, hint: issue.hint },
        issue.message,
      );
    }
    const host = new PluginHost(options, config, controlPlane);
    await host.#load(controlPlane);
    return host;
  }

  static #plane(options: PluginHostOptions, config: OpenClawConfig): Promise<ControlPlane> {
    return buildControlPlane({
      config,
      env: options.env,
      ...(options.workspaceDir === undefined ? {} : { workspaceDir: options.workspaceDir }),
      registryOptions: { reservedGatewayMethods: CORE_METHOD_NAMES },
    });
  }

  /** The config the plugins run with. */
  get config(): OpenClawConfig {
    return this.#config;
  }

  /** The current control plane. */
  get controlPlane(): ControlPlane {
    return this.#controlPlane;
  }

  async #load(plane: ControlPlane, onlyPluginIds?: string[]): Promise<void> {
    const { logger, version } = this.options;
    const runtime = {
      ...createPluginRuntime({
        version,
        stateDir: this.stateDir,
        logger,
        loadConfig: () => this.#config,
        broadcast: pluginEventBroadcaster(this),
      }),
      ...this.agent.pluginMembers(),
      channel: inboundRuntime({
        registry: this.registry,
        hooks: this.hooks,
        agent: this.agent,
        config: () => this.#config,
      }),
    };
    await loadPlugins({
      controlPlane: plane,
      registry: this.registry,
      mode: "full",
      logger,
      runtime,
      ...(onlyPluginIds ? { onlyPluginIds } : {}),
      registerTimeoutMs: this.options.registerTimeoutMs ?? this.#config.plugins?.registerTimeoutMs ?? 10_000,
    });
    for (const record of this.registry.listPlugins()) {
      if (onlyPluginIds && !onlyPluginIds.includes(record.id)) continue;
      if (
        !this.hooks.allowsPromptInjection(record.id) &&
        record.registrations.typedHooks.includes("before_prompt_build")
      ) {
        record.diagnostics.push({
          level: "warn",
          pluginId: record.id,
          message: `before_prompt_build is blocked by plugins.entries.${record.id}.hooks.allowPromptInjection=false`,
        });
      }
    }
  }

  /**
   * Reloads one plugin: stops its services, removes everything it registered, re-reads the config
   * and its manifest, imports its code afresh and registers it again, then starts its services.
   * @throws {@link OpenClawError} `PLUGIN_NOT_FOUND` when no plugin with this id exists before or after.
   */
  async reload(id: string): Promise<PluginRecord> {
    const before = this.registry.getPlugin(id);
    const config = (await readConfigFile(resolveConfigPath(this.options.env))).config;
    const plane = await PluginHost.#plane(this.options, config);
    const entry = plane.plugins.get(id);
    if (!before && !entry) {
      throw new OpenClawError("PLUGIN_NOT_FOUND", `plugin not found: ${id}`, {
        hint: "Run `openclaw plugins list`.",
      });
    }
    await this.services.stopPlugin(id);
    this.registry.removeRegistrations(id);
    this.#config = config;
    this.#controlPlane = { ...plane, registry: this.registry };
    if (!entry) {
      const gone = before as PluginRecord;
      gone.status = "error";
      gone.error = {
        code: "PLUGIN_RELOAD_FAILED",
        message: "the plugin is no longer discovered",
        phase: "discovery",
      };
      this.emit("plugins.reloaded", gone);
      return gone;
    }
    this.registry.addPlugin(entry.record);
    try {
      await this.#load({ ...plane, registry: this.registry }, [id]);
      await this.services.startPlugin(id);
    } catch (error) {
      entry.record.status = "error";
      entry.record.error = { code: "PLUGIN_RELOAD_FAILED", message: errorMessage(error), phase: "load" };
    }
    this.agent.catalog.invalidate();
    this.options.logger.info({ plugin: id, status: entry.record.status }, "plugin reloaded");
    this.emit("plugins.reloaded", entry.record);
    return entry.record;
  }
}
