import { AsyncLocalStorage } from "node:async_hooks";
import type { HostLogger } from "@openclaw/plugin-loader";

/** What the AI SDK passes to `globalThis.AI_SDK_LOG_WARNINGS` (`ai` v6 `logWarnings`). */
interface SdkWarningBatch {
  warnings: ReadonlyArray<Record<string, unknown>>;
  /** The adapter's provider name, e.g. `anthropic.messages`. */
  provider: string;
  /** The adapter's model id. */
  model: string;
}

/** Where warnings raised inside {@link withSdkWarnings} go: the host's logger and the model ref. */
interface WarningScope {
  logger: HostLogger;
  /** `provider/model` as configured (the SDK only knows its adapter's name). */
  ref: string;
}

/** Distinct warnings remembered per logger before the oldest are forgotten (and may log again). */
const MAX_REMEMBERED = 256;

const scopes = new AsyncLocalStorage<WarningScope>();
const seenByLogger = new WeakMap<HostLogger, Set<string>>();
/** The logger of the latest scope: takes warnings the SDK raises outside any scope. */
let lastLogger: HostLogger | undefined;

/** One line of text for an SDK warning (`unsupported`, `compatibility`, `other`, or its JSON). */
export function sdkWarningText(warning: Record<string, unknown>): string {
  const details = typeof warning.details === "string" ? ` ${warning.details}` : "";
  if (warning.type === "unsupported")
    return `the feature "${String(warning.feature)}" is not supported.${details}`;
  if (warning.type === "compatibility") {
    return `the feature "${String(warning.feature)}" is used in a compatibility mode.${details}`;
  }
  if (warning.type === "other" && typeof warning.message === "string") return warning.message;
  return JSON.stringify(warning);
}

function firstTime(logger: HostLogger, key: string): boolean {
  let seen = seenByLogger.get(logger);
  if (!seen) {
    seen = new Set();
    seenByLogger.set(logger, seen);
  }
  if (seen.has(key)) return false;
  seen.add(key);
  if (seen.size > MAX_REMEMBERED) seen.delete(seen.values().next().value as string);
  return true;
}

function routeWarnings(batch: SdkWarningBatch): void {
  const scope = scopes.getStore();
  const logger = scope?.logger ?? lastLogger;
  if (!logger) return;
  const model = scope?.ref ?? `${batch.provider}/${batch.model}`;
  for (const warning of batch.warnings ?? []) {
    const text = sdkWarningText(warning);
    if (!firstTime(logger, `${model}\u0000${text}`)) continue;
    logger.warn({ model, adapter: batch.provider, warning }, `AI SDK warning for model ${model}: ${text}`);
  }
}

/**
 * Points the AI SDK's global warning hook (`globalThis.AI_SDK_LOG_WARNINGS`, which otherwise writes
 * with `console.warn` / `console.info`, i.e. onto a CLI's `--json` output when the CLI runs a turn in
 * process) at the host's logger. Idempotent; the hook is process-wide, the logger per scope.
 */
export function installSdkWarningHook(): void {
  const holder = globalThis as { AI_SDK_LOG_WARNINGS?: unknown };
  if (holder.AI_SDK_LOG_WARNINGS !== routeWarnings) holder.AI_SDK_LOG_WARNINGS = routeWarnings;
}

/**
 * Runs `fn` (a model call) so that the AI SDK warnings it raises are logged as `warn` through
 * `logger` with the model reference `ref` named, each distinct warning once per model and logger
 * (a warning every turn repeats, such as "max output tokens limited", is logged the first time
 * only), and never printed on stdout or stderr by the SDK. Warnings raised outside any scope go to
 * the logger of the most recent scope.
 */
export function withSdkWarnings<T>(logger: HostLogger, ref: string, fn: () => T): T {
  installSdkWarningHook();
  lastLogger = logger;
  return scopes.run({ logger, ref }, fn);
}
