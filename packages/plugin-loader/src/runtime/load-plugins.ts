import { createPluginApi, type PluginRegistry, transition } from "@openclaw/plugin-registry";
import {
  errorMessage,
  OpenClawError,
  type PluginRegistrationMode,
  type PluginRuntime,
} from "@openclaw/plugin-sdk/core";
import type { ControlPlane, ControlPlanePlugin } from "../control-plane/control-plane.js";
import { formatIssues, validateWithSchema } from "../control-plane/schema-validator.js";
import { type HostLogger, toPluginLogger } from "../host/host-logger.js";
import { type ResolvedPluginExport, resolvePluginExport } from "./module-export.js";
import { PLUGIN_CALL_BUDGETS_MS, runPluginCall } from "./plugin-call.js";
import { failPlugin, failureFrom } from "./plugin-failure.js";
import { sdkAliasMap } from "./sdk-alias.js";

/** Options of {@link loadPlugins}. */
export interface LoadPluginsOptions {
  controlPlane: ControlPlane;
  /** `full` in the gateway; `cli-metadata` when only CLI registrars are needed. */
  mode: PluginRegistrationMode;
  logger: HostLogger;
  /**
   * `api.runtime`: one object shared by every plugin, or a function building each plugin's own
   * (called once per plugin per load, with its id), for members bound to the calling plugin such as
   * `api.runtime.subagent`.
   */
  runtime: PluginRuntime | ((pluginId: string) => PluginRuntime);
  /** Registry to load into; default the control plane's. */
  registry?: PluginRegistry;
  /** Load only these ids (others keep their control-plane status). */
  onlyPluginIds?: readonly string[];
  /** Time budget for one plugin's `register(api)` including a returned promise, in ms; default 10 000. */
  registerTimeoutMs?: number;
}

type Jiti = { import(id: string): Promise<unknown> };

/** A failure of one load step, carrying its phase; becomes the plugin's coded error. */
class LoadStepError extends OpenClawError {
  constructor(
    error: OpenClawError,
    readonly phase: "load" | "validation",
  ) {
    super(error.code, error.message, {
      cause: error.cause,
      ...(error.hint === undefined ? {} : { hint: error.hint }),
    });
  }
}

function importFailure(error: unknown, entry: ControlPlanePlugin): LoadStepError {
  const message = errorMessage(error);
  const missing = /Cannot find (?:module|package) ['"]([^'"]+)['"]/.exec(message)?.[1];
  if (missing && !missing.startsWith(".") && !missing.startsWith("/")) {
    return new LoadStepError(
      new OpenClawError("PLUGIN_DEPENDENCY_MISSING", `plugin dependency not installed: ${missing}`, {
        cause: error,
        hint: `Run \`npm install --omit=dev --ignore-scripts\` in ${entry.record.rootDir}, or reinstall the plugin with \`openclaw plugins install\`.`,
      }),
      "load",
    );
  }
  return new LoadStepError(
    new OpenClawError("PLUGIN_IMPORT_FAILED", `import failed: ${message}`, { cause: error }),
    "load",
  );
}

/** The plugin's validated config with schema defaults applied. */
function pluginConfigOf(entry: ControlPlanePlugin): Record<string, unknown> {
  if (entry.pluginConfig) return entry.pluginConfig;
  const result = validateWithSchema(entry.manifest?.configSchema ?? {}, {});
  if (!result.ok) {
    throw new LoadStepError(
      new OpenClawError("PLUGIN_CONFIG_INVALID", `invalid config: ${formatIssues(result.issues)}`),
      "validation",
    );
  }
  return result.value;
}

/** Imports the entry and resolves its export; throws a {@link LoadStepError}. */
async function importPlugin(jiti: Jiti, entry: ControlPlanePlugin): Promise<ResolvedPluginExport> {
  let moduleValue: unknown;
  try {
    moduleValue = await jiti.import(entry.record.source);
  } catch (error) {
    throw importFailure(error, entry);
  }
  const resolved = resolvePluginExport(moduleValue);
  if (!resolved) {
    throw new LoadStepError(
      new OpenClawError("PLUGIN_EXPORT_INVALID", "plugin export missing register/activate", {
        hint: "Export a function `(api) => {…}` or an object with `register(api)` as the module's default export.",
      }),
      "load",
    );
  }
  const exportedId = resolved.definition?.id;
  if (!entry.candidate.packEntry && typeof exportedId === "string" && exportedId !== entry.manifest?.id) {
    throw new LoadStepError(
      new OpenClawError(
        "PLUGIN_ID_MISMATCH",
        `plugin id mismatch (manifest uses "${entry.manifest?.id}", export uses "${exportedId}")`,
        { hint: "Make the exported id equal to openclaw.plugin.json#id." },
      ),
      "validation",
    );
  }
  return resolved;
}

function registerFailureHint(error: unknown): string | undefined {
  return /registerHttpHandler/.test(errorMessage(error))
    ? "api.registerHttpHandler was removed; use api.registerHttpRoute({ path, auth, handler })."
    : undefined;
}

/** Runs `register(api)` within its budget; on any failure marks the plugin failed (api revoked). */
async function registerPlugin(
  resolved: ResolvedPluginExport,
  entry: ControlPlanePlugin,
  registry: PluginRegistry,
  options: LoadPluginsOptions,
): Promise<void> {
  const { record } = entry;
  transition(record, "registering");
  const lease = registry.openLease(record.id);
  const api = createPluginApi({
    registry,
    record,
    lease,
    config: options.controlPlane.config,
    pluginConfig: pluginConfigOf(entry),
    logger: toPluginLogger(options.logger.child({ plugin: record.id })),
    runtime: typeof options.runtime === "function" ? options.runtime(record.id) : options.runtime,
    mode: options.mode,
  });
  const budget = options.registerTimeoutMs ?? PLUGIN_CALL_BUDGETS_MS.register;
  try {
    await runPluginCall(
      { pluginId: record.id, call: "register", generation: lease.generation },
      () => resolved.register(api),
      budget,
    );
  } catch (error) {
    const failure = failureFrom(error, "register", "PLUGIN_REGISTER_FAILED");
    if (failure.code === "PLUGIN_REGISTER_FAILED") failure.message = `register() threw: ${failure.message}`;
    const hint = registerFailureHint(error);
    failPlugin(registry, options.logger, record.id, hint ? { ...failure, hint } : failure);
    return;
  }
  // A plugin can fail while registering (process.exit, a fault from its own timer): keep that.
  if (record.status === "registering") transition(record, "loaded");
}

async function loadOne(
  jiti: Jiti,
  entry: ControlPlanePlugin,
  registry: PluginRegistry,
  options: LoadPluginsOptions,
) {
  try {
    const resolved = await importPlugin(jiti, entry);
    await registerPlugin(resolved, entry, registry, options);
  } catch (error) {
    const phase = error instanceof LoadStepError ? error.phase : "load";
    const failure = failureFrom(error, phase, "PLUGIN_IMPORT_FAILED");
    failPlugin(registry, options.logger, entry.record.id, failure);
  }
}

/**
 * Makes the host's jiti the module importer the SDK uses for files plugins point it at
 * (`registerPluginHooksFromDir` handlers), so `.ts` handlers load like plugin entries do.
 */
function installHostImporter(jiti: { import(id: string): Promise<unknown> }): void {
  (globalThis as Record<symbol, unknown>)[Symbol.for("openclaw.importModule")] = (file: string) =>
    jiti.import(file);
}

/**
 * Imports and registers every enabled plugin of the control plane into its registry (jiti, with the
 * SDK aliased to the host's). Each record moves `enabled → registering → loaded`, or to `error` with
 * a coded reason (missing dependency, import error, bad export, id mismatch, a throwing `register`,
 * `PLUGIN_REGISTER_TIMEOUT`, `PLUGIN_CALL_BLOCKED` for a synchronous infinite loop): its `api` is
 * revoked and whatever it had registered is removed; the others still load.
 *
 * Beyond the original: a `register` that returns a promise is awaited within `registerTimeoutMs`
 * (a ref'd timer, so a never-settling register cannot let the process exit), and its synchronous
 * part is interrupted after the same budget instead of freezing the host.
 */
export async function loadPlugins(options: LoadPluginsOptions): Promise<PluginRegistry> {
  const { controlPlane } = options;
  const registry = options.registry ?? controlPlane.registry;
  const only = options.onlyPluginIds ? new Set(options.onlyPluginIds) : undefined;
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
    await loadOne(jiti, entry, registry, options);
  }
  return registry;
}
