import { type HostLogger, toPluginLogger } from "@openclaw/plugin-loader";
import type { PluginRegistry, ServiceRegistration } from "@openclaw/plugin-registry";
import { errorMessage, type PluginServiceContext } from "@openclaw/plugin-sdk/core";

/** Starts and stops plugin services in order. */
export class ServiceRunner {
  readonly #started: ServiceRegistration[] = [];

  constructor(
    private readonly registry: PluginRegistry,
    private readonly context: Omit<PluginServiceContext, "logger">,
    private readonly logger: HostLogger,
  ) {}

  #ctx(entry: ServiceRegistration): PluginServiceContext {
    return {
      ...this.context,
      logger: toPluginLogger(this.logger.child({ plugin: entry.pluginId, service: entry.service.id })),
    };
  }

  /** Starts every service in registration order; a failing start is logged and reported, the rest continue. */
  async startAll(): Promise<void> {
    await this.#start(this.registry.services);
  }

  async #start(entries: readonly ServiceRegistration[]): Promise<void> {
    for (const entry of entries) {
      try {
        await entry.service.start(this.#ctx(entry));
        this.#started.push(entry);
      } catch (error) {
        const message = `plugin service failed to start (${entry.service.id}, plugin=${entry.pluginId}): ${errorMessage(error)}`;
        this.logger.error({ plugin: entry.pluginId, service: entry.service.id }, message);
        this.registry.report({ level: "error", pluginId: entry.pluginId, message });
      }
    }
  }

  /** Stops the started services in reverse order; failures are logged as warnings. */
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
      try {
        await entry.service.stop?.(this.#ctx(entry));
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
