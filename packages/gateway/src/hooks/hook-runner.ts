import type { HostLogger } from "@openclaw/plugin-loader";
import { ownValue, type PluginRegistry, type TypedHookRegistration } from "@openclaw/plugin-registry";
import {
  errorMessage,
  isOpenClawError,
  type OpenClawConfig,
  type PluginHookContext,
  type PluginHookName,
} from "@openclaw/plugin-sdk/core";
import { callPlugin, configuredBudget } from "../plugin-calls.js";

/** Default budget of one hook call, in ms. */
export const DEFAULT_HOOK_TIMEOUT_MS = 5000;

/** The outcome of one handler call. */
export type HandlerOutcome =
  | { pluginId: string; ok: true; value: unknown }
  | { pluginId: string; ok: false; reason: "timeout" | "error"; message: string };

/**
 * Runs typed hooks from the registry. Handlers run by `priority` (higher first, ties in registration
 * order). Every call has a time budget (`plugins.entries.<id>.hooks.timeoutMs`, else
 * `plugins.hookTimeoutMs`, else 5000 ms); a handler that throws or exceeds it is reported on its
 * plugin's record (`PLUGIN_HOOK_FAILED` / `PLUGIN_HOOK_TIMEOUT`, naming plugin and hook) and the
 * others still run, so one hung hook never blocks an agent run.
 */
export class HookRunner {
  constructor(
    private readonly registry: PluginRegistry,
    private readonly config: () => OpenClawConfig,
    private readonly logger: HostLogger,
  ) {}

  /** Handlers of `hookName`, in execution order. */
  handlers(hookName: PluginHookName): TypedHookRegistration[] {
    return this.registry.typedHooks
      .map((hook, index) => ({ hook, index }))
      .filter(({ hook }) => hook.hookName === hookName)
      .sort((a, b) => b.hook.priority - a.hook.priority || a.index - b.index)
      .map(({ hook }) => hook);
  }

  /** The budget of one call of `pluginId`'s hooks, in ms. */
  timeoutFor(pluginId: string): number {
    return configuredBudget(this.config(), "hook", pluginId);
  }

  /** True unless `plugins.entries.<id>.hooks.allowPromptInjection` is `false`. */
  allowsPromptInjection(pluginId: string): boolean {
    return ownValue(this.config().plugins?.entries, pluginId)?.hooks?.allowPromptInjection !== false;
  }

  /** Calls one handler within its budget; never throws. */
  async call(hook: TypedHookRegistration, event: unknown, ctx: PluginHookContext): Promise<HandlerOutcome> {
    const budget = this.timeoutFor(hook.pluginId);
    try {
      const value = await callPlugin(
        this.registry,
        { pluginId: hook.pluginId, call: "hook", name: hook.hookName },
        () => hook.handler(event as never, ctx),
        { logger: this.logger, budgetMs: budget },
      );
      return { pluginId: hook.pluginId, ok: true, value };
    } catch (error) {
      if (isOpenClawError(error) && error.code === "PLUGIN_CALL_TIMEOUT") {
        const message = `hook ${hook.hookName} of plugin ${hook.pluginId} did not settle within ${budget} ms; its result was ignored`;
        this.#report(hook, "PLUGIN_HOOK_TIMEOUT", message);
        return { pluginId: hook.pluginId, ok: false, reason: "timeout", message };
      }
      const message = `hook ${hook.hookName} of plugin ${hook.pluginId} failed: ${errorMessage(error)}`;
      this.#report(hook, "PLUGIN_HOOK_FAILED", message);
      return { pluginId: hook.pluginId, ok: false, reason: "error", message };
    }
  }

  /** Runs every handler in parallel (fire-and-forget style hooks such as `message_received`). */
  async runParallel(
    hookName: PluginHookName,
    event: unknown,
    ctx: PluginHookContext = {},
  ): Promise<HandlerOutcome[]> {
    return Promise.all(this.handlers(hookName).map((hook) => this.call(hook, event, ctx)));
  }

  /** Runs handlers one after another; `filter` may skip a handler (policy). */
  async runSequential(
    hookName: PluginHookName,
    event: unknown,
    ctx: PluginHookContext = {},
    filter: (hook: TypedHookRegistration) => boolean = () => true,
  ): Promise<HandlerOutcome[]> {
    const outcomes: HandlerOutcome[] = [];
    for (const hook of this.handlers(hookName)) {
      if (filter(hook)) outcomes.push(await this.call(hook, event, ctx));
    }
    return outcomes;
  }

  /** Runs handlers in order until one returns `{ handled: true }` (claiming hooks). */
  async runClaiming(
    hookName: PluginHookName,
    event: unknown,
    ctx: PluginHookContext = {},
  ): Promise<{ handledBy?: string; result?: unknown; outcomes: HandlerOutcome[] }> {
    const outcomes: HandlerOutcome[] = [];
    for (const hook of this.handlers(hookName)) {
      const outcome = await this.call(hook, event, ctx);
      outcomes.push(outcome);
      if (outcome.ok && (outcome.value as { handled?: unknown } | undefined)?.handled === true) {
        return { handledBy: hook.pluginId, result: outcome.value, outcomes };
      }
    }
    return { outcomes };
  }

  #report(
    hook: TypedHookRegistration,
    code: "PLUGIN_HOOK_TIMEOUT" | "PLUGIN_HOOK_FAILED",
    message: string,
  ): void {
    this.logger.warn({ plugin: hook.pluginId, hook: hook.hookName, code }, message);
    this.registry.report({ level: "error", code, pluginId: hook.pluginId, message });
  }
}
