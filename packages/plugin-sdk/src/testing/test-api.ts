import { homedir, tmpdir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import type { OpenClawConfig } from "../config-types.js";
import type { LogFields, PluginLogger } from "../logger-types.js";
import type { OpenClawPluginApi, PluginRegistrationMode } from "../plugin-api.js";
import type { PluginRuntime } from "../runtime-types.js";
import { emptyRegistrations, type RecordedRegistrations } from "./recorded-registrations.js";

/** Options of `createTestApi`. */
export interface TestApiOptions {
  /** The plugin id (the manifest id). */
  id: string;
  name?: string;
  version?: string;
  /** `plugins.entries.<id>.config` as the plugin sees it: pass it with the manifest defaults applied. */
  pluginConfig?: Record<string, unknown>;
  /** The whole config (default: one entry holding `pluginConfig`). */
  config?: OpenClawConfig;
  /** Plugin root for `api.resolvePath` (default: the current directory). */
  rootDir?: string;
  /** State directory for services and `api.runtime` (default: `<os tmpdir>/openclaw-test-state`). */
  stateDir?: string;
  /** Default `full`; `cli-metadata` makes every registration but `registerCli` a no-op, as in the CLI. */
  registrationMode?: PluginRegistrationMode;
  /** Host version seen as `api.runtime.version` (default `0.0.0-test`). */
  hostVersion?: string;
}

/** One line the plugin logged through `api.logger`. */
export interface TestLogLine {
  level: "debug" | "info" | "warn" | "error";
  message: string;
  fields?: LogFields;
}

function recordingLogger(lines: TestLogLine[], bindings: LogFields = {}): PluginLogger {
  const at =
    (level: TestLogLine["level"]) =>
    (message: string, fields?: LogFields): void => {
      const merged = { ...bindings, ...fields };
      lines.push({ level, message, ...(Object.keys(merged).length > 0 ? { fields: merged } : {}) });
    };
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

function testRuntime(
  options: TestApiOptions,
  config: OpenClawConfig,
  stateDir: string,
  logs: TestLogLine[],
): PluginRuntime {
  return {
    version: options.hostVersion ?? "0.0.0-test",
    config: { loadConfig: () => config },
    state: { resolveStateDir: () => stateDir },
    logging: { getChildLogger: (bindings) => recordingLogger(logs, bindings as LogFields) },
  };
}

/** Records a problem the real registry would report and drop; returns whether `ok`. */
function check(recorded: RecordedRegistrations, ok: boolean, kind: string, message: string): boolean {
  if (!ok) recorded.diagnostics.push({ kind, message });
  return ok;
}

/**
 * Builds the fake `api`: every `register*` call is recorded in `recorded` (a duplicate name, a route
 * without `auth` or a method without a name becomes a diagnostic and is dropped, as in the host).
 */
export function createRecordingApi(
  options: TestApiOptions,
  recorded: RecordedRegistrations = emptyRegistrations(),
  logs: TestLogLine[] = [],
): OpenClawPluginApi {
  const pluginConfig = options.pluginConfig ?? {};
  const config = options.config ?? {
    plugins: { entries: { [options.id]: { enabled: true, config: pluginConfig } } },
  };
  const stateDir = options.stateDir ?? join(tmpdir(), "openclaw-test-state");
  const rootDir = options.rootDir ?? process.cwd();
  const mode = options.registrationMode ?? "full";
  const full = mode === "full";
  return {
    id: options.id,
    name: options.name ?? options.id,
    ...(options.version ? { version: options.version } : {}),
    source: join(rootDir, "index.ts"),
    rootDir,
    registrationMode: mode,
    config,
    pluginConfig,
    logger: recordingLogger(logs),
    runtime: testRuntime(options, config, stateDir, logs),
    resolvePath: (input) => {
      const expanded = input.replace(/^~(?=$|\/)/, homedir());
      return isAbsolute(expanded) ? expanded : resolve(rootDir, expanded);
    },
    registerTool: (tool) => void (full && recorded.tools.push(tool)),
    registerHook: (events, handler, opts) =>
      void (
        full &&
        recorded.legacyHooks.push({
          events: [events].flat(),
          handler,
          ...(opts?.name ? { name: opts.name } : {}),
        })
      ),
    on: (hookName, handler, opts) =>
      void (
        full &&
        recorded.typedHooks.push({
          hookName,
          handler: handler as never,
          priority: opts?.priority ?? 0,
        })
      ),
    registerChannel: (registration) => void (full && recorded.channels.push(registration)),
    registerProvider: (provider) => void (full && recorded.providers.push(provider)),
    registerGatewayMethod: (method, handler) => {
      if (!full) return;
      if (
        check(recorded, !recorded.gatewayMethods.has(method), "gatewayMethod", `duplicate method ${method}`)
      )
        recorded.gatewayMethods.set(method, handler);
    },
    registerHttpRoute: (route) => {
      if (
        full &&
        check(
          recorded,
          route.auth === "gateway" || route.auth === "plugin",
          "httpRoute",
          `route ${route.path} has no auth`,
        )
      )
        recorded.httpRoutes.push({
          ...route,
          path: route.path.startsWith("/") ? route.path : `/${route.path}`,
        });
    },
    registerCli: (registrar, opts) => void recorded.cli.push({ registrar, options: opts ?? {} }),
    registerCommand: (command) => void (full && recorded.commands.push(command)),
    registerService: (service) => {
      if (
        full &&
        check(
          recorded,
          !recorded.services.some((s) => s.id === service.id),
          "service",
          `duplicate service ${service.id}`,
        )
      )
        recorded.services.push(service);
    },
    registerContextEngine: (id, factory) => void (full && recorded.contextEngines.set(id, factory)),
  };
}
