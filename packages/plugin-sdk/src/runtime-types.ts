import type { OpenClawConfig } from "./config-types.js";
import type { PluginLogger } from "./logger-types.js";
import type { PluginSttRuntime, PluginTtsRuntime } from "./speech-runtime-types.js";

/**
 * Core helpers offered to plugins as `api.runtime`. Members that this host does not provide are
 * absent (not stubs), so plugins can feature-test them (`api.runtime.llm?.complete`).
 */
export interface PluginRuntime {
  /** Host version (semver). */
  readonly version: string;
  readonly config: {
    /** Reads the current config file. */
    loadConfig(): OpenClawConfig;
  };
  readonly state: {
    /** Absolute state directory. */
    resolveStateDir(): string;
  };
  readonly logging: {
    getChildLogger(bindings: Record<string, unknown>): PluginLogger;
  };
  /** Telephony speech synthesis from `messages.tts`; absent when the host has no speech runtime. */
  readonly tts?: PluginTtsRuntime;
  /** Audio file transcription from `tools.media.audio`; absent when the host has no speech runtime. */
  readonly stt?: PluginSttRuntime;
  readonly [key: string]: unknown;
}
