import { failPlugin, failureFrom, type HostLogger, toPluginLogger } from "@openclaw/plugin-loader";
import type { PluginRegistry, ServiceRegistration } from "@openclaw/plugin-registry";
import {
  errorMessage,
  isOpenClawError,
  type OpenClawConfig,
  type PluginServiceContext,
} from "@openclaw/plugin-sdk/core";
import { callPlugin, configuredBudget } from "./plugin-calls.js";

/**
 * Starts and stops plugin services. Each plugin's services start in registration order, but plugins
 * start independently of one another, and every `start()` / `stop()` has a budget
 * (`plugins.callBudgetsMs.serviceStart` / `serviceStop`, default 30 000 / 10 000 ms): one hanging
 * start never blocks another plugin's services, and {@link startAll} always settles.
 * A start that throws or times out (e.g. its port is taken) fails the plugin with
 * `PLUGIN_SERVICE_FAILED` (status `error`, seen by `plugins status`, `plugins doctor` and `/health`);
 * its services that did start are stopped.
 */
export class ServiceRunner {
  readonly #started: ServiceRegistration[] = [];

  constructor(
    private readonly registry: PluginRegistry,
    private readonly context: Omit<PluginServiceContext, "logger">,
    private readonly logger: HostLogger,
    private readonly config: () => OpenClawConfig = () => context.config,
  ) {}

  #ctx(entry: ServiceRegistration): PluginServiceContext {
    return {
      ...this.context,
      logger: toPluginLogger(this.logger.child({ plugin: entry.pluginId, service: entry.service.id })),
    };
  }

  /** Starts every registered service (plugins in parallel, each plugin's services in order). */
  async startAll(): Promise<void> {
    await this.#start(this.registry.services);
  }

  async #start(entries: readonly ServiceRegistration[]): Promise<void> {
    const byPlugin = new Map<string, ServiceRegistration[]>();
    for (const entry of entries)
      byPlugin.set(entry.pluginId, [...(byPlugin.get(entry.pluginId) ?? []), entry]);
    await Promise.all([...byPlugin.values()].map((list) => this.#startInOrder(list)));
  }

  async #startInOrder(entries: readonly ServiceRegistration[]): Promise<void> {
    for (const entry of entries) {
      if (this.registry.getPlugin(entry.pluginId)?.status === "error") return;
      try {
        await callPlugin(
          this.registry,
          { pluginId: entry.pluginId, call: "serviceStart", name: entry.service.id },
          () => entry.service.start(this.#ctx(entry)),
          { logger: this.logger, budgetMs: configuredBudget(this.config(), "serviceStart") },
        );
        this.#started.push(entry);
      } catch (error) {
        const failure = failureFrom(error, "service", "PLUGIN_SERVICE_FAILED");
        failure.code = "PLUGIN_SERVICE_FAILED";
        failure.message = `service ${entry.service.id} failed to start: ${errorMessage(error)}`;
        failPlugin(this.registry, this.logger, entry.pluginId, failure);
        // A start that timed out may still be running: stop it too, then the plugin's other services.
        if (isOpenClawError(error) && error.code === "PLUGIN_CALL_TIMEOUT") this.#started.push(entry);
        await this.stopPlugin(entry.pluginId);
        return;
      }
    }
  }

  /** Stops the started services in reverse order; failures and timeouts are logged as warnings. */
  async stopAll(): Promise<void> {
    await this.#stop(() => true);
  }

  /** Stops the running services of one plugin (reverse order). */
  async stopPlugin(pluginId: string): Promise<void> {
    await this.#stop((entry) => entry.pluginId === pluginId);
  }

  async #stop(which: (entry: ServiceRegistration) => boolean): Promise<void> {
    for (const entry of this.#started.filter(which).reverse()) {
      this.#started.splice(this.#started.indexOf(entry), 1);
      const stop = entry.service.stop;
      if (!stop) continue;
      try {
        await callPlugin(
          this.registry,
          { pluginId: entry.pluginId, call: "serviceStop", name: entry.service.id },
          () => stop.call(entry.service, this.#ctx(entry)),
          { logger: this.logger, budgetMs: configuredBudget(this.config(), "serviceStop") },
        );
      } catch (error) {
        this.logger.warn(
          { plugin: entry.pluginId, service: entry.service.id },
          `service stop failed: ${errorMessage(error)}`,
        );
      }
    }
  }

  /** Starts the not-yet-running services of one plugin (after a reload). */
  async startPlugin(pluginId: string): Promise<void> {
    await this.#start(
      this.registry.services.filter((s) => s.pluginId === pluginId && !this.#started.includes(s)),
    );
  }

  /** Ids of the running services, in start order. */
  running(): string[] {
    return this.#started.map((s) => s.service.id);
  }
}
