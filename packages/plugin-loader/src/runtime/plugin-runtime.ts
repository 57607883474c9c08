import type {
  OpenClawConfig,
  PluginRuntime,
  PluginSttRuntime,
  PluginTtsRuntime,
} from "@openclaw/plugin-sdk/core";
import { type HostLogger, toPluginLogger } from "../host/host-logger.js";

/** Inputs of {@link createPluginRuntime}. */
export interface PluginRuntimeOptions {
  version: string;
  stateDir: string;
  logger: HostLogger;
  /** Returns the current config. */
  loadConfig: () => OpenClawConfig;
  /** Speech helpers the host provides (the gateway does; the CLI does not, so they stay absent). */
  speech?: { tts?: PluginTtsRuntime; stt?: PluginSttRuntime };
}

/** Builds the `api.runtime` object shared by every plugin of one host process. */
export function createPluginRuntime(options: PluginRuntimeOptions): PluginRuntime {
  return {
    version: options.version,
    config: { loadConfig: options.loadConfig },
    state: { resolveStateDir: () => options.stateDir },
    logging: { getChildLogger: (bindings) => toPluginLogger(options.logger.child(bindings)) },
    ...(options.speech?.tts ? { tts: options.speech.tts } : {}),
    ...(options.speech?.stt ? { stt: options.speech.stt } : {}),
  };
}
