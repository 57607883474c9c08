import type { ControlPlane, PathEnv } from "@openclaw/plugin-loader";
import type { PluginRegistry } from "@openclaw/plugin-registry";
import type { GatewayRequestHandler, OpenClawConfig } from "@openclaw/plugin-sdk/core";
import type { AgentRuntime } from "../agent/agent-runtime.js";
import type { HookRunner } from "../hooks/hook-runner.js";

/** What core RPC methods read and call. */
export interface CoreMethodContext {
  registry: PluginRegistry;
  /** The current control plane (replaced on reload). */
  controlPlane: () => ControlPlane;
  config: () => OpenClawConfig;
  hooks: HookRunner;
  /** Agent turns, models, sessions, skills. */
  agent: AgentRuntime;
  /** Disposes and re-imports one plugin; resolves with its new record. */
  reloadPlugin: (id: string) => Promise<unknown>;
  startedAt: number;
  /** The gateway's state directory. */
  stateDir: string;
  version: string;
  /** Environment the config path and plugin roots are resolved from; default `process.env`. */
  env?: PathEnv;
  /** The agent workspace, when the gateway was started with one. */
  workspaceDir?: string;
}

/** A table of core methods. */
export type MethodTable = Map<string, GatewayRequestHandler>;
