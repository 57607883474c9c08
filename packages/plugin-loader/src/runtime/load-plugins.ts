import { createPluginApi, type PluginRecord, type PluginRegistry } from "@openclaw/plugin-registry";
import {
  errorMessage,
  isOpenClawError,
  type OpenClawErrorCode,
  type PluginRegistrationMode,
  type PluginRuntime,
} from "@openclaw/plugin-sdk/core";
import type { ControlPlane, ControlPlanePlugin } from "../control-plane/control-plane.js";
import { formatIssues, validateWithSchema } from "../control-plane/schema-validator.js";
import { type HostLogger, toPluginLogger } from "../host/host-logger.js";
import { resolvePluginExport } from "./module-export.js";
import { sdkAliasMap } from "./sdk-alias.js";

/** Options of {@link loadPlugins}. */
export interface LoadPluginsOptions {
  controlPlane: ControlPlane;
  /** `full` in the gateway; `cli-metadata` when only CLI registrars are needed. */
  mode: PluginRegistrationMode;
  logger: HostLogger;
  runtime: PluginRuntime;
  /** Registry to load into; default the control plane's. */
  registry?: PluginRegistry;
  /** Load only these ids (others keep their control-plane status). */
  onlyPluginIds?: readonly string[];
  /** Time budget for one plugin's `register(api)` including a returned promise, in ms; default 10 000. */
  registerTimeoutMs?: number;
}

class PluginLoadFailure extends Error {
  constructor(
    readonly code: OpenClawErrorCode,
    message: string,
    readonly phase: "load" | "register" | "validation",
    readonly hint?: string,
  ) {
    super(message);
  }
}

function markFailed(record: PluginRecord, failure: PluginLoadFailure, logger: HostLogger): void {
  record.status = "error";
  record.error = {
    code: failure.code,
    message: failure.message,
    phase: failure.phase,
    ...(failure.hint === undefined ? {} : { hint: failure.hint }),
  };
  record.diagnostics.push({
    level: "error",
    code: failure.code,
    message: failure.message,
    pluginId: record.id,
    source: record.source,
    ...(failure.hint === undefined ? {} : { hint: failure.hint }),
  });
  logger.error(
    { plugin: record.id, code: failure.code, phase: failure.phase },
    `plugin ${record.id} failed: ${failure.message}`,
  );
}

function classifyImportError(error: unknown, entry: ControlPlanePlugin): PluginLoadFailure {
  const message = errorMessage(error);
  const missing = /Cannot find (?:module|package) ['"]([^'"]+)['"]/.exec(message)?.[1];
  if (missing && !missing.startsWith(".") && !missing.startsWith("/")) {
    return new PluginLoadFailure(
      "PLUGIN_DEPENDENCY_MISSING",
      `plugin dependency not installed: ${missing}`,
      "load",
      `Run \`npm install --omit=dev --ignore-scripts\` in ${entry.record.rootDir}, or reinstall the plugin with \`openclaw plugins install\`.`,
    );
  }
  return new PluginLoadFailure("PLUGIN_IMPORT_FAILED", `import failed: ${message}`, "load");
}

/** The plugin's validated config with schema defaults applied. */
function pluginConfigOf(entry: ControlPlanePlugin): Record<string, unknown> {
  if (entry.pluginConfig) return entry.pluginConfig;
  const result = validateWithSchema(entry.manifest?.configSchema ?? {}, {});
  if (!result.ok) {
    throw new PluginLoadFailure(
      "PLUGIN_CONFIG_INVALID",
      `invalid config: ${formatIssues(result.issues)}`,
      "validation",
    );
  }
  return result.value;
}

function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(onTimeout()), ms);
      timer.unref();
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Imports and registers every enabled plugin of the control plane into its registry (jiti, with the
 * SDK aliased to the host's). Each failure (missing dependency, import error,
 * bad export, id mismatch, throwing or hanging `register`) marks only that plugin `error` with a coded
 * reason and removes whatever it had registered; the others still load.
 *
 * Beyond the original: a `register` that returns a promise is awaited within `registerTimeoutMs`
 * instead of being silently cut off at its first `await`.
 */
/**
 * Makes the host's jiti the module importer the SDK uses for files plugins point it at
 * (`registerPluginHooksFromDir` handlers), so `.ts` handlers load like plugin entries do.
 */
function installHostImporter(jiti: { import(id: string): Promise<unknown> }): void {
  (globalThis as Record<symbol, unknown>)[Symbol.for("openclaw.importModule")] = (file: string) =>
    jiti.import(file);
}

export async function loadPlugins(options: LoadPluginsOptions): Promise<PluginRegistry> {
  const { controlPlane, logger } = options;
  const registry = options.registry ?? controlPlane.registry;
  const only = options.onlyPluginIds ? new Set(options.onlyPluginIds) : undefined;
  const timeoutMs = options.registerTimeoutMs ?? 10_000;
  const { createJiti } = await import("jiti");
  const jiti = createJiti(import.meta.url, {
    alias: sdkAliasMap(),
    interopDefault: true,
    moduleCache: false,
  });
  installHostImporter(jiti);

  for (const entry of controlPlane.plugins.values()) {
    const { record } = entry;
    if (record.status !== "enabled" || (only && !only.has(record.id))) continue;
    try {
      let moduleValue: unknown;
      try {
        moduleValue = await jiti.import(record.source);
      } catch (error) {
        throw classifyImportError(error, entry);
      }
      const resolved = resolvePluginExport(moduleValue);
      if (!resolved) {
        throw new PluginLoadFailure(
          "PLUGIN_EXPORT_INVALID",
          "plugin export missing register/activate",
          "load",
          "Export a function `(api) => {…}` or an object with `register(api)` as the module's default export.",
        );
      }
      const exportedId = resolved.definition?.id;
      if (!entry.candidate.packEntry && typeof exportedId === "string" && exportedId !== entry.manifest?.id) {
        throw new PluginLoadFailure(
          "PLUGIN_ID_MISMATCH",
          `plugin id mismatch (manifest uses "${entry.manifest?.id}", export uses "${exportedId}")`,
          "validation",
          "Make the exported id equal to openclaw.plugin.json#id.",
        );
      }
      const api = createPluginApi({
        registry,
        record,
        config: controlPlane.config,
        pluginConfig: pluginConfigOf(entry),
        logger: toPluginLogger(logger.child({ plugin: record.id })),
        runtime: options.runtime,
        mode: options.mode,
      });
      try {
        const result: unknown = resolved.register(api);
        if (result && typeof (result as PromiseLike<unknown>).then === "function") {
          await withTimeout(
            Promise.resolve(result),
            timeoutMs,
            () =>
              new PluginLoadFailure(
                "PLUGIN_REGISTER_FAILED",
                `plugin register(api) did not settle within ${timeoutMs} ms`,
                "register",
              ),
          );
        }
      } catch (error) {
        registry.removeRegistrations(record.id);
        if (error instanceof PluginLoadFailure) throw error;
        const hint = /registerHttpHandler/.test(errorMessage(error))
          ? "api.registerHttpHandler was removed; use api.registerHttpRoute({ path, auth, handler })."
          : undefined;
        throw new PluginLoadFailure(
          isOpenClawError(error) ? error.code : "PLUGIN_REGISTER_FAILED",
          `register() threw: ${errorMessage(error)}`,
          "register",
          hint,
        );
      }
      record.status = "loaded";
    } catch (error) {
      const failure =
        error instanceof PluginLoadFailure
          ? error
          : new PluginLoadFailure("PLUGIN_IMPORT_FAILED", `load failed: ${errorMessage(error)}`, "load");
      markFailed(record, failure, logger);
    }
  }
  return registry;
}
