import { EventEmitter } from "node:events";
import {
  buildControlPlane,
  type ControlPlane,
  type ControlPlanePlugin,
  createPluginRuntime,
  type HostLogger,
  type LoopWatchdog,
  loadPlugins,
  type PathEnv,
  readConfigFile,
  resolveConfigPath,
  resolveStateDir,
  startLoopWatchdog,
  validateConfig,
} from "@openclaw/plugin-loader";
import type { PluginRecord, PluginRegistry } from "@openclaw/plugin-registry";
import { type OpenClawConfig, OpenClawError } from "@openclaw/plugin-sdk/core";
import { AgentRuntime } from "./agent/agent-runtime.js";
import { ApprovalAllowlist, ApprovalQueue, allowlistPath } from "./approvals/index.js";
import { CORE_METHOD_NAMES } from "./core-methods.js";
import { pluginEventBroadcaster } from "./events/plugin-events.js";
import { HookRunner } from "./hooks/hook-runner.js";
import { inboundRuntime } from "./inbound/dispatch-inbound.js";
import { configuredBudget } from "./plugin-calls.js";
import { installPluginFaultGuard } from "./plugin-faults.js";
import { ServiceRunner } from "./services.js";
import { createSpeechRuntime } from "./speech/speech-runtime.js";

/** Options of {@link PluginHost.create}. */
export interface PluginHostOptions {
  version: string;
  env: PathEnv;
  logger: HostLogger;
  workspaceDir?: string;
  /** Per-plugin `register` budget in ms; default `plugins.registerTimeoutMs`, else 10 000. */
  registerTimeoutMs?: number;
  /**
   * Install the process-wide plugin fault guard ({@link installPluginFaultGuard}) before any plugin
   * code runs, until {@link PluginHost.dispose}; the gateway sets it.
   */
  containFaults?: boolean;
  /**
   * With `containFaults`: how long the event loop may stay blocked in asynchronous plugin code before
   * the loop watchdog names the plugin and ends the process (`PLUGIN_EVENT_LOOP_BLOCKED`), in ms;
   * default `$OPENCLAW_LOOP_WATCHDOG_MS`, else 10 000; `0` disables it.
   */
  loopWatchdogMs?: number;
}

/**
 * The gateway's plugin side: the config, the control plane, the live registry, the hook runner and the
 * service runner. Every registration is owned by its plugin, so {@link PluginHost.reload} can swap one
 * plugin's generation without a restart. When a plugin fails at runtime (a fault, a failed service)
 * its services are stopped and `plugins.failed` is emitted with its record; `plugins.reloaded` is
 * emitted with the record after every reload attempt.
 */
export class PluginHost extends EventEmitter {
  readonly stateDir: string;
  readonly registry: PluginRegistry;
  readonly hooks: HookRunner;
  readonly services: ServiceRunner;
  /** Agent turns, models, sessions (`api.runtime.agent` / `api.runtime.llm`). */
  readonly agent: AgentRuntime;
  /** Tool calls waiting for a plugin's `requireApproval` (every surface queues here). */
  readonly approvals: ApprovalQueue;
  #config: OpenClawConfig;
  #controlPlane: ControlPlane;
  #reloading: Promise<unknown> = Promise.resolve();
  #removeFaultGuard: (() => void) | undefined;
  #watchdog: LoopWatchdog | undefined;

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
    this.approvals = new ApprovalQueue({
      limits: () => this.#config.approvals ?? {},
      allowlist: new ApprovalAllowlist(allowlistPath(this.stateDir)),
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
      () => this.#config,
    );
    this.agent = new AgentRuntime({
      registry: this.registry,
      hooks: this.hooks,
      approvals: this.approvals,
      config: () => this.#config,
      controlPlane: () => this.#controlPlane,
      stateDir: this.stateDir,
      env: options.env,
      logger: options.logger,
    });
    this.registry.onPluginFailed((record) => {
      void this.services.stopPlugin(record.id);
      void this.agent.subagentRuns.abortPlugin(record.id, "the plugin failed");
      this.emit("plugins.failed", record);
    });
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
    if (options.containFaults) host.#contain();
    await host.#load(controlPlane, controlPlane.registry, config);
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

  #contain(): void {
    const { logger, env } = this.options;
    this.#removeFaultGuard = installPluginFaultGuard({ registry: this.registry, logger });
    const fromEnv = Number.parseInt(env.OPENCLAW_LOOP_WATCHDOG_MS ?? "", 10);
    const stallMs = this.options.loopWatchdogMs ?? (Number.isFinite(fromEnv) ? fromEnv : 10_000);
    this.#watchdog = startLoopWatchdog({ stallMs });
    this.#watchdog?.setPluginRoots(this.registry.listPlugins());
  }

  /** Removes the fault guard and stops the loop watchdog, if installed (idempotent). */
  dispose(): void {
    this.#removeFaultGuard?.();
    this.#removeFaultGuard = undefined;
    void this.#watchdog?.stop();
    this.#watchdog = undefined;
  }

  /** The config the plugins run with. */
  get config(): OpenClawConfig {
    return this.#config;
  }

  /** The current control plane. */
  get controlPlane(): ControlPlane {
    return this.#controlPlane;
  }

  async #load(
    plane: ControlPlane,
    registry: PluginRegistry,
    config: OpenClawConfig,
    onlyPluginIds?: string[],
  ): Promise<void> {
    const { logger, version } = this.options;
    const shared = {
      ...createPluginRuntime({
        version,
        stateDir: this.stateDir,
        logger,
        loadConfig: () => this.#config,
        broadcast: pluginEventBroadcaster(this),
      }),
      ...this.agent.pluginMembers(),
      ...createSpeechRuntime(),
      channel: inboundRuntime({
        registry: this.registry,
        hooks: this.hooks,
        agent: this.agent,
        config: () => this.#config,
      }),
    };
    const isLive = (id: string): boolean => {
      const status = this.registry.getPlugin(id)?.status;
      return status === "loaded" || status === "registering";
    };
    const runtime = (pluginId: string) => ({
      ...shared,
      subagent: this.agent.subagentFor(pluginId, isLive),
    });
    await loadPlugins({
      controlPlane: plane,
      registry,
      mode: "full",
      logger,
      runtime,
      ...(onlyPluginIds ? { onlyPluginIds } : {}),
      registerTimeoutMs: this.options.registerTimeoutMs ?? configuredBudget(config, "register"),
    });
    for (const record of registry.listPlugins()) {
      if (onlyPluginIds && !onlyPluginIds.includes(record.id)) continue;
      if (
        !this.hooks.allowsPromptInjection(record.id) &&
        record.registrations.typedHooks.includes("before_prompt_build")
      ) {
        registry.report({
          level: "warn",
          pluginId: record.id,
          message: `before_prompt_build is blocked by plugins.entries.${record.id}.hooks.allowPromptInjection=false`,
        });
      }
    }
  }

  /**
   * Reloads one plugin as a new generation, without ever leaving it half-loaded: re-reads the config
   * and the manifests, then imports and registers the new code into a staging registry. Only when
   * that succeeds is the old generation disposed (services stopped, `api` revoked, registrations
   * removed) and the new one swapped in and its services started. On failure the old generation
   * keeps running untouched and the call rejects with `PLUGIN_RELOAD_FAILED` naming the cause.
   * Reloads are serialised.
   * @throws {@link OpenClawError} `PLUGIN_NOT_FOUND` when no plugin with this id exists before or
   * after; `PLUGIN_RELOAD_FAILED` when the new config or code is not good (nothing changed);
   * `CONFIG_PARSE_FAILED`.
   */
  reload(id: string): Promise<PluginRecord> {
    const next = this.#reloading.then(() => this.#reload(id));
    this.#reloading = next.catch(() => undefined);
    return next;
  }

  async #reload(id: string): Promise<PluginRecord> {
    const before = this.registry.getPlugin(id);
    const config = (await readConfigFile(resolveConfigPath(this.options.env))).config;
    const plane = await PluginHost.#plane(this.options, config);
    const entry = plane.plugins.get(id);
    if (!before && !entry) {
      throw new OpenClawError("PLUGIN_NOT_FOUND", `plugin not found: ${id}`, {
        hint: "Run `openclaw plugins list`.",
      });
    }
    if (!entry) throw this.#reloadFailure(id, "the plugin is no longer discovered");
    const staging = this.registry.stage(id);
    staging.addPlugin(entry.record);
    await this.#load({ ...plane, registry: staging }, staging, config, [id]);
    this.#checkStaged(entry, before);
    await this.services.stopPlugin(id);
    this.registry.commit(staging, id);
    this.#watchdog?.setPluginRoots(this.registry.listPlugins());
    this.#config = config;
    this.#controlPlane = { ...plane, registry: this.registry };
    await this.services.startPlugin(id);
    this.agent.catalog.invalidate();
    const record = this.registry.getPlugin(id) ?? entry.record;
    if (record.status !== "loaded")
      await this.agent.subagentRuns.abortPlugin(id, `the plugin is ${record.status}`);
    this.options.logger.info({ plugin: id, status: record.status }, "plugin reloaded");
    this.emit("plugins.reloaded", record);
    return record;
  }

  /** Throws `PLUGIN_RELOAD_FAILED` unless the staged generation loaded (or is disabled on purpose). */
  #checkStaged(entry: ControlPlanePlugin, before: PluginRecord | undefined): void {
    const { record } = entry;
    if (record.status === "loaded" || record.status === "disabled") return;
    if (record.status === "error" || before?.status === "loaded") {
      const cause = record.error
        ? `${record.error.code}: ${record.error.message}`
        : `status ${record.status}`;
      throw this.#reloadFailure(record.id, `the new generation failed (${cause})`, record.error?.hint);
    }
  }

  #reloadFailure(id: string, reason: string, hint?: string): OpenClawError {
    const running = this.registry.getPlugin(id);
    const message = `reload of ${id} rolled back: ${reason}; ${running?.status === "loaded" ? "the running generation keeps serving" : `it stays ${running?.status ?? "absent"}`}`;
    this.options.logger.error({ plugin: id, code: "PLUGIN_RELOAD_FAILED" }, message);
    const error = new OpenClawError("PLUGIN_RELOAD_FAILED", message, {
      details: { pluginId: id },
      ...(hint === undefined ? {} : { hint }),
    });
    if (running) this.emit("plugins.reloaded", running);
    return error;
  }
}
