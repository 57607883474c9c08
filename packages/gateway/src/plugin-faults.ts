import { attributeFaultScope, failPlugin, type HostLogger } from "@openclaw/plugin-loader";
import type { PluginRegistry } from "@openclaw/plugin-registry";
import { errorMessage, isOpenClawError, OpenClawError } from "@openclaw/plugin-sdk/core";

/** Options of {@link installPluginFaultGuard}. */
export interface PluginFaultGuardOptions {
  registry: PluginRegistry;
  logger: HostLogger;
}

type ExitLike = (...args: never[]) => unknown;

function roots(registry: PluginRegistry): Array<{ id: string; rootDir: string }> {
  return registry.listPlugins().map((record) => ({ id: record.id, rootDir: record.rootDir }));
}

/** Replaces `process[name]` with a version that refuses plugin callers; returns the restorer. */
function guardProcessMethod(
  name: "exit" | "abort" | "kill",
  refuse: (blamed: Blamed, what: string) => never,
  registry: PluginRegistry,
): () => void {
  const original = process[name] as ExitLike;
  const guarded = function (this: unknown, ...args: unknown[]): unknown {
    const targetsSelf = name !== "kill" || Number(args[0]) === process.pid || Number(args[0]) === 0;
    const blamed = targetsSelf
      ? attributeFaultScope(new Error(`process.${name}`), roots(registry))
      : undefined;
    if (blamed !== undefined) refuse(blamed, `process.${name}(${args.map((a) => String(a)).join(", ")})`);
    return (original as (...a: unknown[]) => unknown).apply(process, args);
  };
  (process as unknown as Record<string, unknown>)[name] = guarded;
  return () => {
    if ((process as unknown as Record<string, unknown>)[name] === guarded) {
      (process as unknown as Record<string, unknown>)[name] = original;
    }
  };
}

type Blamed = { pluginId: string; generation?: number };

/** True when `blamed` is a staged or retired generation (its faults must not fail the live one). */
function notLive(registry: PluginRegistry, blamed: Blamed): boolean {
  return blamed.generation !== undefined && blamed.generation !== registry.liveGeneration(blamed.pluginId);
}

/** Throws `PLUGIN_PROCESS_EXIT_REFUSED` into the plugin; fails it when it is the live generation. */
function refuser(registry: PluginRegistry, logger: HostLogger): (blamed: Blamed, what: string) => never {
  return (blamed, what) => {
    const { pluginId } = blamed;
    const error = new OpenClawError(
      "PLUGIN_PROCESS_EXIT_REFUSED",
      `plugin ${pluginId} called ${what}; refused (plugins must never end the host process)`,
      { details: { pluginId } },
    );
    if (!notLive(registry, blamed)) {
      failPlugin(registry, logger, pluginId, {
        code: error.code,
        message: error.message,
        phase: "runtime",
        ...(error.hint ? { hint: error.hint } : {}),
      });
    }
    throw error;
  };
}

/** Handles one uncaught exception or unhandled rejection (see {@link installPluginFaultGuard}). */
function faultHandler(
  registry: PluginRegistry,
  logger: HostLogger,
  exit: (code: number) => void,
): (event: "uncaughtException" | "unhandledRejection", error: unknown) => void {
  return (event, error) => {
    const blamed = attributeFaultScope(error, roots(registry));
    if (blamed && notLive(registry, blamed)) {
      logger.warn(
        { plugin: blamed.pluginId, code: "PLUGIN_UNCAUGHT_ERROR" },
        `fault from a non-live generation of plugin ${blamed.pluginId} (ignored): ${errorMessage(error)}`,
      );
      return;
    }
    if (blamed && registry.getPlugin(blamed.pluginId)) {
      const refused = isOpenClawError(error) && error.code === "PLUGIN_PROCESS_EXIT_REFUSED";
      const kind = event === "uncaughtException" ? "uncaught exception" : "unhandled rejection";
      failPlugin(registry, logger, blamed.pluginId, {
        code: refused ? "PLUGIN_PROCESS_EXIT_REFUSED" : "PLUGIN_UNCAUGHT_ERROR",
        message: refused ? errorMessage(error) : `${kind} from plugin code: ${errorMessage(error)}`,
        phase: "runtime",
      });
      return;
    }
    if (process.listenerCount(event) > 1) return;
    logger.error({ code: "GATEWAY_FATAL_ERROR", err: error }, `${event}: ${errorMessage(error)}`);
    exit(1);
  };
}

/**
 * Contains faults raised by plugin code for as long as the gateway runs:
 * - `process.exit()`, `process.abort()` and `process.kill(process.pid)` called from plugin code are
 *   refused: the call throws `PLUGIN_PROCESS_EXIT_REFUSED` into the plugin and the plugin is failed;
 * - an uncaught exception or unhandled rejection raised from plugin code (its timers, event handlers,
 *   sockets) is attributed to the plugin (AsyncLocalStorage scope of the plugin call that started it,
 *   else the first stack frame under a plugin root), logged with `PLUGIN_UNCAUGHT_ERROR`, and the
 *   plugin is failed (registrations removed, api revoked, services stopped); the gateway keeps serving.
 * A fault no plugin can be blamed for is logged as `GATEWAY_FATAL_ERROR` and ends the process with
 * status 1 as Node would, unless the embedding process has its own handlers (a test runner), which
 * then decide. Returns a function that removes the guard.
 */
export function installPluginFaultGuard(options: PluginFaultGuardOptions): () => void {
  const { registry, logger } = options;
  const handle = faultHandler(registry, logger, process.exit.bind(process));
  const onException = (error: unknown): void => handle("uncaughtException", error);
  const onRejection = (reason: unknown): void => handle("unhandledRejection", reason);
  process.on("uncaughtException", onException);
  process.on("unhandledRejection", onRejection);
  const refuse = refuser(registry, logger);
  const restorers = (["exit", "abort", "kill"] as const).map((name) =>
    guardProcessMethod(name, refuse, registry),
  );
  return () => {
    process.off("uncaughtException", onException);
    process.off("unhandledRejection", onRejection);
    for (const restore of restorers) restore();
  };
}
