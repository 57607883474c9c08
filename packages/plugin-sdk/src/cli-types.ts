import type { Command } from "commander";
import type { OpenClawConfig } from "./config-types.js";
import type { PluginLogger } from "./logger-types.js";

/** Calls a method on the running gateway over RPC and resolves with its payload. */
export type PluginGatewayCall = <T = unknown>(
  method: string,
  params?: Record<string, unknown>,
  /** `timeoutMs`: how long to wait for the answer (default 30 000). */
  options?: { timeoutMs?: number },
) => Promise<T>;

/** Context of a CLI registrar. */
export interface PluginCliContext {
  /**
   * A commander program; add top-level commands to it. It already has the flags every `openclaw`
   * command accepts (`--json`, `-y/--yes`, `--[no-]color`, `--log-format`, `-h/--help`, `--version`);
   * throw an `OpenClawError` from an action to fail with its code and exit status.
   */
  program: Command;
  config: OpenClawConfig;
  /** Absolute state directory (`$OPENCLAW_STATE_DIR` or `~/.openclaw`). */
  stateDir: string;
  workspaceDir?: string;
  /**
   * `true` when the user gave `--json`: print one JSON document on stdout. The host already accepts
   * `--json` on every command and renders thrown errors as `{ ok: false, error }` itself.
   */
  json?: boolean;
  logger: PluginLogger;
  /**
   * Calls the running gateway (URL and token resolved like every `openclaw` command).
   * @throws {@link OpenClawError} `GATEWAY_UNREACHABLE`, `GATEWAY_UNAUTHORIZED`, or the method's own code.
   */
  callGateway: PluginGatewayCall;
  /** Writes a line to standard output. */
  print(text: string): void;
}

/** Registers CLI commands. */
export type PluginCliRegistrar = (ctx: PluginCliContext) => void | Promise<void>;

/** Options of `api.registerCli`: the top-level command names this registrar adds (required). */
export interface RegisterCliOptions {
  commands?: string[];
  descriptors?: Array<{ name: string; description: string }>;
}
