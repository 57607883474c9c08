import { AsyncLocalStorage } from "node:async_hooks";
import { Script } from "node:vm";
import { OpenClawError } from "@openclaw/plugin-sdk/core";

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
 * - `discovery`: a provider's implicit discovery.
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
};

/** `plugin demo RPC method demo.echo`: how errors and logs name a call. */
export function describePluginCall(scope: PluginCallScope): string {
  return `plugin ${scope.pluginId} ${LABELS[scope.call]}${scope.name === undefined ? "" : ` ${scope.name}`}`;
}

const MAX_TIMER_MS = 2_147_483_647;
const CALL_SLOT = Symbol.for("openclaw.pluginCall.fn");
// A one-line script whose only job is to call the function in CALL_SLOT: running it with a vm
// `timeout` puts the synchronous part of a plugin call under V8's watchdog, which interrupts an
// infinite loop with a catchable error instead of freezing the process.
const TRAMPOLINE = new Script(`globalThis[Symbol.for("openclaw.pluginCall.fn")]()`, {
  filename: "openclaw:plugin-call",
});

function runSyncBounded<T>(fn: () => T, budgetMs: number): T {
  const slots = globalThis as unknown as Record<symbol, unknown>;
  const previous = slots[CALL_SLOT];
  slots[CALL_SLOT] = fn;
  try {
    return TRAMPOLINE.runInThisContext({ timeout: budgetMs }) as T;
  } finally {
    slots[CALL_SLOT] = previous;
  }
}

function clampBudget(budgetMs: number): number {
  if (!Number.isFinite(budgetMs) || budgetMs < 1) return 1;
  return Math.min(Math.floor(budgetMs), MAX_TIMER_MS);
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
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
  return error instanceof OpenClawError && error.code === "PLUGIN_CALL_BLOCKED";
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
 * Runs one plugin call within its time budget, attributed to the plugin:
 * - the call runs inside an AsyncLocalStorage scope naming plugin and call ({@link currentPluginScope});
 * - its synchronous part runs under V8's watchdog: an infinite loop is interrupted after `budgetMs`
 *   and rejected as `PLUGIN_CALL_BLOCKED` (the process keeps serving);
 * - a returned promise must settle within what remains of `budgetMs`, else the call rejects with
 *   `PLUGIN_REGISTER_TIMEOUT` (for `register`) or `PLUGIN_CALL_TIMEOUT`, naming plugin and call. The
 *   budget timer is ref'd, so a pending call keeps the process alive.
 * Errors thrown by the plugin propagate unchanged.
 * @param budgetMs default {@link PLUGIN_CALL_BUDGETS_MS}`[scope.call]`; clamped to 1…2^31−1 ms.
 */
export async function runPluginCall<T>(
  scope: PluginCallScope,
  fn: () => T | PromiseLike<T>,
  budgetMs: number = PLUGIN_CALL_BUDGETS_MS[scope.call],
): Promise<Awaited<T>> {
  const budget = clampBudget(budgetMs);
  const started = performance.now();
  let result: T | PromiseLike<T>;
  try {
    result = scopes.run(scope, () => runSyncBounded(fn, budget));
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === "ERR_SCRIPT_EXECUTION_TIMEOUT" && performance.now() - started >= budget * 0.9) {
      throw blockedError(scope, budget, error);
    }
    throw error;
  }
  if (!isThenable(result)) return result as Awaited<T>;
  const remaining = Math.max(1, Math.floor(budget - (performance.now() - started)));
  return (await settleWithin(result, remaining, () => pluginTimeoutError(scope, budget))) as Awaited<T>;
}
