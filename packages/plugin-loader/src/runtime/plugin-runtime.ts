import type { OpenClawConfig, PluginRuntime } from "@openclaw/plugin-sdk/core";
import { type HostLogger, toPluginLogger } from "../host/host-logger.js";

/** Inputs of {@link createPluginRuntime}. */
export interface PluginRuntimeOptions {
  version: string;
  stateDir: string;
  logger: HostLogger;
  /** Returns the current config. */
  loadConfig: () => OpenClawConfig;
  /** Pushes an event to gateway clients; only a gateway passes it (it becomes `api.runtime.gateway`). */
  broadcast?: (event: string, payload?: unknown) => void;
}

/** Builds the `api.runtime` object shared by every plugin of one host process. */
export function createPluginRuntime(options: PluginRuntimeOptions): PluginRuntime {
  return {
    version: options.version,
    config: { loadConfig: options.loadConfig },
    state: { resolveStateDir: () => options.stateDir },
    logging: { getChildLogger: (bindings) => toPluginLogger(options.logger.child(bindings)) },
    ...(options.broadcast ? { gateway: { broadcast: options.broadcast } } : {}),
  };
}
