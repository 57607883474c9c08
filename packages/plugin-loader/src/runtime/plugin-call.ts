import { AsyncLocalStorage } from "node:async_hooks";
import { isOpenClawError, OpenClawError } from "@openclaw/plugin-sdk/core";
import { clampBudget, runUnderWatchdog } from "./watchdog-window.js";

/**
 * Default time budget of each kind of plugin call, in ms. Every plugin call that can hang goes
 * through {@link runPluginCall} with one of these (callers may pass their configured budget):
 * - `register`: `register(api)` including a returned promise (`plugins.registerTimeoutMs`);
 * - `serviceStart` / `serviceStop`: a service's `start(ctx)` / `stop(ctx)`;
 * - `method`: a plugin RPC method handler until it responds or settles;
 * - `tool`: a tool factory or `execute()`;
 * - `route`: a plugin HTTP route handler;
 * - `hook`: a typed hook handler (`plugins.hookTimeoutMs`); `legacyHook`: a legacy hook handler;
 * - `command`: an auto-reply command handler; `channel`: a channel's outbound send;
 * - `discovery`: a provider's implicit discovery;
 * - `oauthRefresh`: a provider's `refreshOAuth(credential)` (one token-endpoint round trip).
 */
export const PLUGIN_CALL_BUDGETS_MS = {
  register: 10_000,
  serviceStart: 30_000,
  serviceStop: 10_000,
  method: 30_000,
  tool: 60_000,
  route: 30_000,
  hook: 5_000,
  legacyHook: 5_000,
  command: 15_000,
  channel: 15_000,
  discovery: 5_000,
  oauthRefresh: 10_000,
} as const;

/** A kind of plugin call (see {@link PLUGIN_CALL_BUDGETS_MS}). */
export type PluginCallKind = keyof typeof PLUGIN_CALL_BUDGETS_MS;

/** Who is being called: the plugin, the kind of call and the registration's name (method, tool…). */
export interface PluginCallScope {
  pluginId: string;
  call: PluginCallKind;
  name?: string;
  /**
   * The registration generation the code belongs to (set for `register`): a fault raised later by a
   * staged or retired generation must not fail the live one.
   */
  generation?: number;
}

const scopes = new AsyncLocalStorage<PluginCallScope>();

/**
 * The plugin call the current code runs in, if any. The scope follows everything the plugin starts
 * from inside the call (promises, timers, sockets, event handlers), so an uncaught exception raised
 * later from a plugin's timer is still attributed to it.
 */
export function currentPluginScope(): PluginCallScope | undefined {
  return scopes.getStore();
}

const LABELS: Readonly<Record<PluginCallKind, string>> = {
  register: "register(api)",
  serviceStart: "service start()",
  serviceStop: "service stop()",
  method: "RPC method",
  tool: "tool",
  route: "HTTP route",
  hook: "hook",
  legacyHook: "legacy hook",
  command: "command",
  channel: "channel send",
  discovery: "provider discovery",
  oauthRefresh: "provider OAuth refresh",
};

/** `plugin demo RPC method demo.echo`: how errors and logs name a call. */
export function describePluginCall(scope: PluginCallScope): string {
  return `plugin ${scope.pluginId} ${LABELS[scope.call]}${scope.name === undefined ? "" : ` ${scope.name}`}`;
}

/** True for a promise or any object with a `then` method. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as PromiseLike<unknown>).then === "function"
  );
}

/** The error of a call that did not settle in time (`PLUGIN_REGISTER_TIMEOUT` / `PLUGIN_CALL_TIMEOUT`). */
export function pluginTimeoutError(scope: PluginCallScope, budgetMs: number): OpenClawError {
  return new OpenClawError(
    scope.call === "register" ? "PLUGIN_REGISTER_TIMEOUT" : "PLUGIN_CALL_TIMEOUT",
    `${describePluginCall(scope)} did not settle within ${budgetMs} ms`,
    { details: { pluginId: scope.pluginId, call: scope.call, name: scope.name, budgetMs } },
  );
}

function blockedError(scope: PluginCallScope, budgetMs: number, cause: unknown): OpenClawError {
  return new OpenClawError(
    "PLUGIN_CALL_BLOCKED",
    `${describePluginCall(scope)} ran synchronously for more than ${budgetMs} ms (it blocked the event loop) and was interrupted`,
    { cause, details: { pluginId: scope.pluginId, call: scope.call, name: scope.name, budgetMs } },
  );
}

/** True for the error {@link runPluginCall} throws when it interrupted synchronous plugin code. */
export function isBlockedCallError(error: unknown): boolean {
  // Brand check, never `instanceof`: a plugin may throw a Proxy whose traps throw.
  return isOpenClawError(error, "PLUGIN_CALL_BLOCKED");
}

function settleWithin<T>(promise: PromiseLike<T>, budgetMs: number, onTimeout: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    // Deliberately ref'd: a pending plugin call keeps the process alive until it settles or times
    // out (a never-settling register() with no timer of its own must not end the process).
    const timer = setTimeout(() => reject(onTimeout()), budgetMs);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/**
 * A returned thenable adopted into a native promise while the call is still under its watchdog
 * window: the host never calls a plugin's `then` later, outside the window, where a `then` (or a
 * `then` getter) that loops forever would hang the dispatch. A `then` that throws rejects.
 */
function adoptThenable<T>(value: T | PromiseLike<T>): T | Promise<T> {
  if (!isThenable(value)) return value;
  return new Promise<T>((resolve, reject) => {
    (value as PromiseLike<T>).then(resolve, reject);
  });
}

/** One plugin call of a batch started by {@link startPluginCalls}. */
export interface PluginCallSpec<T = unknown> {
  scope: PluginCallScope;
  /** Budget in ms; default {@link PLUGIN_CALL_BUDGETS_MS}`[scope.call]`; clamped to 1…2^31−1 ms. */
  budgetMs?: number;
  fn: () => T | PromiseLike<T>;
}

/** The synchronous part of a plugin call, done: what it returned (maybe a promise) or threw. */
export type StartedPluginCall<T = unknown> = {
  scope: PluginCallScope;
  /** The call's budget in ms, clamped. */
  budgetMs: number;
  /** `performance.now()` when the call started. */
  startedAt: number;
} & ({ ok: true; value: T | PromiseLike<T> } | { ok: false; error: unknown });

/**
 * Starts plugin calls one after another, each attributed to its plugin (an AsyncLocalStorage scope
 * that follows everything the call starts, see {@link currentPluginScope}) with its synchronous part
 * under V8's watchdog: a call that runs synchronously past its budget is interrupted and reported as
 * `PLUGIN_CALL_BLOCKED` (the process keeps serving). Consecutive calls share watchdog windows
 * ({@link runUnderWatchdog}), so a hook dispatch over twenty handlers pays for one window, not twenty.
 * `next(index)` gives the call to start at `index` (`undefined` ends the batch); it is asked only when
 * the previous call has started, so a chain can feed one result into the next call. `onStarted`
 * receives each call's synchronous outcome and returns `false` to stop (for instance to await a
 * returned promise before the next call of a sequential hook).
 * @param from index of the first call.
 */
export function startPluginCalls(
  next: (index: number) => PluginCallSpec | undefined,
  onStarted: (call: StartedPluginCall, index: number) => boolean,
  from = 0,
): void {
  let spec: PluginCallSpec | undefined;
  let specIndex = -1;
  const specAt = (index: number): PluginCallSpec | undefined => {
    if (specIndex !== index) [spec, specIndex] = [next(index), index];
    return spec;
  };
  const budgetOf = (s: PluginCallSpec): number =>
    clampBudget(s.budgetMs ?? PLUGIN_CALL_BUDGETS_MS[s.scope.call]);
  let startedAt = 0;
  const callerScope = scopes.getStore();
  runUnderWatchdog(
    {
      budgetOf: (index) => {
        const s = specAt(index);
        return s === undefined ? undefined : budgetOf(s);
      },
      run: (index) => {
        const s = specAt(index) as PluginCallSpec;
        startedAt = performance.now();
        const base = { scope: s.scope, budgetMs: budgetOf(s), startedAt };
        let call: StartedPluginCall;
        try {
          call = { ...base, ok: true, value: scopes.run(s.scope, () => adoptThenable(s.fn())) };
        } catch (error) {
          call = { ...base, ok: false, error };
        }
        return onStarted(call, index);
      },
      interrupted: (index, cause) => {
        // V8 dropped the interrupted frames without running their `finally` blocks, so the call's
        // scope is still entered: restore the caller's, or later host code would be blamed on it.
        scopes.enterWith(callerScope as PluginCallScope);
        const s = specAt(index) as PluginCallSpec;
        const budgetMs = budgetOf(s);
        const error = blockedError(s.scope, budgetMs, cause);
        return onStarted({ scope: s.scope, budgetMs, startedAt, ok: false, error }, index);
      },
    },
    from,
  );
}

/**
 * The result of a started call: its value; a returned promise must settle within what remains of the
 * call's budget, else `PLUGIN_REGISTER_TIMEOUT` (for `register`) or `PLUGIN_CALL_TIMEOUT` naming plugin
 * and call (the budget timer is ref'd, so a pending call keeps the process alive). Rejects with the
 * plugin's own error, or `PLUGIN_CALL_BLOCKED` when its synchronous part was interrupted.
 */
export async function finishPluginCall<T>(call: StartedPluginCall<T>): Promise<Awaited<T>> {
  if (!call.ok) throw call.error;
  if (!isThenable(call.value)) return call.value as Awaited<T>;
  const remaining = Math.max(1, Math.floor(call.budgetMs - (performance.now() - call.startedAt)));
  return (await settleWithin(call.value, remaining, () =>
    pluginTimeoutError(call.scope, call.budgetMs),
  )) as Awaited<T>;
}

/**
 * Runs one plugin call within its time budget, attributed to the plugin ({@link startPluginCalls},
 * then {@link finishPluginCall}): `PLUGIN_CALL_BLOCKED` for a synchronous overrun,
 * `PLUGIN_REGISTER_TIMEOUT` / `PLUGIN_CALL_TIMEOUT` for a promise that does not settle in time; errors
 * thrown by the plugin propagate unchanged.
 * @param budgetMs default {@link PLUGIN_CALL_BUDGETS_MS}`[scope.call]`; clamped to 1…2^31−1 ms.
 */
export async function runPluginCall<T>(
  scope: PluginCallScope,
  fn: () => T | PromiseLike<T>,
  budgetMs: number = PLUGIN_CALL_BUDGETS_MS[scope.call],
): Promise<Awaited<T>> {
  let started: StartedPluginCall<T> | undefined;
  startPluginCalls(
    (index) => (index === 0 ? { scope, budgetMs, fn } : undefined),
    (call) => {
      started = call as StartedPluginCall<T>;
      return false;
    },
  );
  return await finishPluginCall(started as StartedPluginCall<T>);
}
