import {
  finishPluginCall,
  type HostLogger,
  isThenable,
  type PluginCallSpec,
  type StartedPluginCall,
  startPluginCalls,
} from "@openclaw/plugin-loader";
import { ownValue, type PluginRegistry, type TypedHookRegistration } from "@openclaw/plugin-registry";
import {
  errorMessage,
  isOpenClawError,
  type OpenClawConfig,
  type PluginHookContext,
  type PluginHookName,
} from "@openclaw/plugin-sdk/core";
import { configuredBudget, failIfBlocked } from "../plugin-calls.js";

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
    let outcome: Promise<HandlerOutcome> | undefined;
    startPluginCalls(
      (index) => (index === 0 ? this.#spec(hook, event, ctx) : undefined),
      (call) => {
        outcome = this.#finish(hook, call);
        return false;
      },
    );
    return (await outcome) as HandlerOutcome;
  }

  /**
   * Runs every handler in parallel (void hooks such as `llm_output`): their synchronous parts one
   * after another under one shared watchdog window, then their promises together.
   */
  async runParallel(
    hookName: PluginHookName,
    event: unknown,
    ctx: PluginHookContext = {},
  ): Promise<HandlerOutcome[]> {
    return this.runParallelAll([{ hookName, event }], ctx)[0] as Promise<HandlerOutcome[]>;
  }

  /**
   * Dispatches several void hooks at once (`llm_output` then `agent_end` at the end of a turn): every
   * handler's synchronous part, dispatch by dispatch in order, under one shared watchdog window; one
   * promise of outcomes per dispatch.
   */
  runParallelAll(
    dispatches: ReadonlyArray<{ hookName: PluginHookName; event: unknown }>,
    ctx: PluginHookContext = {},
  ): Promise<HandlerOutcome[]>[] {
    const calls = dispatches.flatMap(({ hookName, event }, dispatch) =>
      this.handlers(hookName).map((hook) => ({ hook, event, dispatch })),
    );
    const outcomes: Promise<HandlerOutcome>[][] = dispatches.map(() => []);
    startPluginCalls(
      (index) => {
        const call = calls[index];
        return call && this.#spec(call.hook, call.event, ctx);
      },
      (started, index) => {
        const { hook, dispatch } = calls[index] as (typeof calls)[number];
        outcomes[dispatch]?.push(this.#finish(hook, started));
        return true;
      },
    );
    return outcomes.map((list) => Promise.all(list));
  }

  /**
   * Runs handlers one at a time, in order (modifying hooks): `eventFor` builds each handler's event
   * (so a chain can pass one handler's result to the next) and `reduce` sees each outcome and returns
   * `false` to stop the chain. Handlers that return synchronously share one watchdog window; a handler
   * that returns a promise is awaited (within its budget) before the next one starts.
   * @param filter skips a handler (policy), before it is called.
   */
  async runChain(
    hookName: PluginHookName,
    eventFor: (hook: TypedHookRegistration) => unknown,
    ctx: PluginHookContext,
    reduce: (hook: TypedHookRegistration, outcome: HandlerOutcome) => boolean,
    filter: (hook: TypedHookRegistration) => boolean = () => true,
  ): Promise<void> {
    const hooks = this.handlers(hookName).filter(filter);
    let from = 0;
    while (from < hooks.length) {
      let pending: { index: number; call: StartedPluginCall } | undefined;
      let stopped = false;
      startPluginCalls(
        this.#specs(hooks, eventFor, ctx),
        (call, index) => {
          from = index + 1;
          if (call.ok && isThenable(call.value)) {
            pending = { index, call };
            return false;
          }
          const hook = hooks[index] as TypedHookRegistration;
          stopped = !reduce(hook, this.#settled(hook, call));
          return !stopped;
        },
        from,
      );
      if (stopped || !pending) return;
      const hook = hooks[pending.index] as TypedHookRegistration;
      if (!reduce(hook, await this.#finish(hook, pending.call))) return;
    }
  }

  /** Runs handlers one after another; `filter` may skip a handler (policy). */
  async runSequential(
    hookName: PluginHookName,
    event: unknown,
    ctx: PluginHookContext = {},
    filter: (hook: TypedHookRegistration) => boolean = () => true,
  ): Promise<HandlerOutcome[]> {
    const outcomes: HandlerOutcome[] = [];
    await this.runChain(
      hookName,
      () => event,
      ctx,
      (_, outcome) => outcomes.push(outcome) > 0,
      filter,
    );
    return outcomes;
  }

  /** Runs handlers in order until one returns `{ handled: true }` (claiming hooks). */
  async runClaiming(
    hookName: PluginHookName,
    event: unknown,
    ctx: PluginHookContext = {},
  ): Promise<{ handledBy?: string; result?: unknown; outcomes: HandlerOutcome[] }> {
    const outcomes: HandlerOutcome[] = [];
    let claim: { handledBy: string; result: unknown } | undefined;
    await this.runChain(
      hookName,
      () => event,
      ctx,
      (hook, outcome) => {
        outcomes.push(outcome);
        if (outcome.ok && (outcome.value as { handled?: unknown } | undefined)?.handled === true) {
          claim = { handledBy: hook.pluginId, result: outcome.value };
        }
        return claim === undefined;
      },
    );
    return { ...claim, outcomes };
  }

  /**
   * Runs a synchronous hook (`tool_result_persist`, `before_message_write`) in order: each handler's
   * result goes to `reduce`, which returns `false` to stop. A handler that returns a promise is
   * ignored with a warning (R-HOOK-5); one that throws or blocks is reported and skipped.
   */
  runSync(
    hookName: PluginHookName,
    eventFor: (hook: TypedHookRegistration) => unknown,
    ctx: PluginHookContext,
    reduce: (hook: TypedHookRegistration, value: unknown) => boolean,
  ): void {
    const hooks = this.handlers(hookName);
    startPluginCalls(this.#specs(hooks, eventFor, ctx), (call, index) => {
      const hook = hooks[index] as TypedHookRegistration;
      if (call.ok && isThenable(call.value)) {
        Promise.resolve(call.value).catch(() => undefined);
        this.logger.warn(
          { plugin: hook.pluginId, hook: hookName },
          `${hookName} handler of ${hook.pluginId} returned a Promise; this hook is synchronous, so its result was ignored`,
        );
        return true;
      }
      const outcome = this.#settled(hook, call);
      return outcome.ok ? reduce(hook, outcome.value) : true;
    });
  }

  /** The plugin call of each handler, by index (`undefined` past the end). */
  #specs(
    hooks: readonly TypedHookRegistration[],
    eventFor: (hook: TypedHookRegistration) => unknown,
    ctx: PluginHookContext,
  ): (index: number) => PluginCallSpec | undefined {
    return (index) => {
      const hook = hooks[index];
      return hook && this.#spec(hook, eventFor(hook), ctx);
    };
  }

  #spec(hook: TypedHookRegistration, event: unknown, ctx: PluginHookContext): PluginCallSpec {
    return {
      scope: { pluginId: hook.pluginId, call: "hook", name: hook.hookName },
      budgetMs: this.timeoutFor(hook.pluginId),
      fn: () => hook.handler(event as never, ctx),
    };
  }

  /** The outcome of a call whose synchronous part is done (a returned promise is awaited). */
  async #finish(hook: TypedHookRegistration, call: StartedPluginCall): Promise<HandlerOutcome> {
    try {
      return { pluginId: hook.pluginId, ok: true, value: await finishPluginCall(call) };
    } catch (error) {
      return this.#settled(hook, { ...call, ok: false, error });
    }
  }

  /** The outcome of a call that returned a plain value or failed. */
  #settled(hook: TypedHookRegistration, call: StartedPluginCall): HandlerOutcome {
    if (call.ok) return { pluginId: hook.pluginId, ok: true, value: call.value };
    const { error, budgetMs } = call;
    failIfBlocked(this.registry, this.logger, hook.pluginId, error);
    if (isOpenClawError(error) && error.code === "PLUGIN_CALL_TIMEOUT") {
      const message = `hook ${hook.hookName} of plugin ${hook.pluginId} did not settle within ${budgetMs} ms; its result was ignored`;
      this.#report(hook, "PLUGIN_HOOK_TIMEOUT", message);
      return { pluginId: hook.pluginId, ok: false, reason: "timeout", message };
    }
    const message = `hook ${hook.hookName} of plugin ${hook.pluginId} failed: ${errorMessage(error)}`;
    this.#report(hook, "PLUGIN_HOOK_FAILED", message);
    return { pluginId: hook.pluginId, ok: false, reason: "error", message };
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
