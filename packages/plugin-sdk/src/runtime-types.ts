import type { OpenClawConfig } from "./config-types.js";
import type { PluginLogger } from "./logger-types.js";

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
  /**
   * Present only inside a running gateway: pushes an event frame
   * `{ type: "event", event, payload, seq }` to every authenticated `/ws` client (the Control UI
   * among them). Name events `<namespace>.<what>` (`voicecall.call`); the core namespaces
   * `gateway.`, `plugins.`, `config.` and `agent.` are refused with `GATEWAY_EVENT_RESERVED`.
   * The payload must be JSON-serialisable; frames are at most 1 MiB.
   */
  readonly gateway?: {
    broadcast(event: string, payload?: unknown): void;
  };
  readonly [key: string]: unknown;
}
