import type { OpenClawConfig } from "./config-types.js";
import type { PluginLogger } from "./logger-types.js";

/** Context handed to a service's `start` and `stop`. */
export interface PluginServiceContext {
  config: OpenClawConfig;
  /** Absolute state directory (`~/.openclaw` or `$OPENCLAW_STATE_DIR`). */
  stateDir: string;
  workspaceDir?: string;
  logger: PluginLogger;
}

/**
 * A background service. The gateway starts services in registration order after every plugin has
 * registered, and stops the started ones in reverse order on shutdown.
 */
export interface PluginService {
  id: string;
  start(ctx: PluginServiceContext): void | Promise<void>;
  stop?(ctx: PluginServiceContext): void | Promise<void>;
}
