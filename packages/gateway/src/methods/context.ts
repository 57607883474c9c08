import type { ControlPlane, HostLogger, PathEnv, PluginCallKind } from "@openclaw/plugin-loader";
import type { PluginRegistry } from "@openclaw/plugin-registry";
import type { GatewayRequestHandler, OpenClawConfig } from "@openclaw/plugin-sdk/core";
import type { AgentRuntime } from "../agent/agent-runtime.js";
import type { ApprovalQueue } from "../approvals/index.js";
import type { HookRunner } from "../hooks/hook-runner.js";
import { configuredBudget, type PluginCallOptions } from "../plugin-calls.js";

/** What core RPC methods read and call. */
export interface CoreMethodContext {
  registry: PluginRegistry;
  /** The current control plane (replaced on reload). */
  controlPlane: () => ControlPlane;
  config: () => OpenClawConfig;
  hooks: HookRunner;
  /** Agent turns, models, sessions, skills. */
  agent: AgentRuntime;
  /** Pending plugin approvals (`approvals.*`; `tools.invoke` waits here too). */
  approvals: ApprovalQueue;
  /** Disposes and re-imports one plugin; resolves with its new record. */
  reloadPlugin: (id: string) => Promise<unknown>;
  startedAt: number;
  /** The gateway's state directory. */
  stateDir: string;
  version: string;
  /** Logs plugins failed by a call (blocked event loop); default silent. */
  logger?: HostLogger;
  /** Environment the config path and plugin roots are resolved from; default `process.env`. */
  env?: PathEnv;
  /** The agent workspace, when the gateway was started with one. */
  workspaceDir?: string;
}

/** A table of core methods. */
export type MethodTable = Map<string, GatewayRequestHandler>;

/** Budget and failure logging for a call of kind `call` made by a core method. */
export function callOptions(
  ctx: CoreMethodContext,
  call: PluginCallKind,
  pluginId?: string,
): PluginCallOptions {
  return {
    ...(ctx.logger ? { logger: ctx.logger } : {}),
    budgetMs: configuredBudget(ctx.config(), call, pluginId),
  };
}
