import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PluginCommandContext, PluginCommandResult } from "../command-types.js";
import { OpenClawError } from "../errors/openclaw-error.js";
import type { PluginHookContext, PluginHookEvent, PluginHookName, PluginHookResult } from "../hook-types.js";
import type { OpenClawPluginApi } from "../plugin-api.js";
import type { OpenClawPluginDefinition, PluginRegister } from "../plugin-entry.js";
import type { PluginServiceContext } from "../service-types.js";
import type { AgentTool, AgentToolResult } from "../tool-types.js";
import {
  emptyRegistrations,
  type RecordedRegistrations,
  type RegistrationNames,
  registrationNames,
} from "./recorded-registrations.js";
import { createRecordingApi, type TestApiOptions, type TestLogLine } from "./test-api.js";
import { type CliRun, type RunCliOptions, runPluginCli } from "./test-cli.js";
import { type InjectRequest, type InjectResponse, injectHttp } from "./test-http.js";
import {
  type GatewayAnswer,
  invokeCommand,
  invokeGatewayMethod,
  invokeHook,
  invokeLegacyHook,
  invokeTool,
  resolveTools,
} from "./test-invoke.js";

/** The gateway token routes with `auth: "gateway"` expect in the harness. */
export const TEST_GATEWAY_TOKEN = "test-token";

/** A plugin under test: its fake `api`, what it registered, and ways to drive each registration. */
export interface TestHarness {
  /** The `api` handed to `register`; pass it to your own helpers too. */
  readonly api: OpenClawPluginApi;
  /** Every registration as the plugin made it (handlers included). */
  readonly recorded: RecordedRegistrations;
  /** Names of the registrations per kind (a fresh snapshot on each read). */
  readonly registrations: RegistrationNames;
  /** Lines logged through `api.logger` and `api.runtime.logging`. */
  readonly logs: TestLogLine[];
  /** Calls `register(api)` of a plugin module's default export (object with `register`/`activate`, or a function). */
  load(plugin: OpenClawPluginDefinition | PluginRegister): TestHarness;
  callGatewayMethod(method: string, params?: Record<string, unknown>): Promise<GatewayAnswer>;
  /** The plugin's tools for one run (factories resolved). */
  tools(ctx?: { agentId?: string; sessionKey?: string }): AgentTool[];
  runTool(name: string, params?: Record<string, unknown>): Promise<AgentToolResult>;
  runHook<K extends PluginHookName>(
    hookName: K,
    event: PluginHookEvent<K>,
    ctx?: PluginHookContext,
  ): Promise<Array<PluginHookResult<K>>>;
  emitLegacyHook(eventName: string, event?: Record<string, unknown>): Promise<unknown[]>;
  runCommand(name: string, ctx?: Partial<PluginCommandContext>): Promise<PluginCommandResult>;
  /** Starts every service in registration order (as the gateway does after registration). */
  startServices(): Promise<void>;
  /** Stops the started services in reverse order. */
  stopServices(): Promise<void>;
  /** Runs a CLI command line through the plugin's registrars; `callGateway` reaches its own methods by default. */
  runCli(argv: string[], options?: RunCliOptions): Promise<CliRun>;
  /** One real HTTP request to the plugin's routes on a loopback server (like fastify's `inject`). */
  injectHttp(request: InjectRequest): Promise<InjectResponse>;
}

function registerOf(plugin: OpenClawPluginDefinition | PluginRegister): PluginRegister {
  const register = typeof plugin === "function" ? plugin : (plugin.register ?? plugin.activate);
  if (!register) throw new OpenClawError("PLUGIN_EXPORT_INVALID", "the plugin exports no register function");
  return register;
}

/** The harness's default gateway for `runCli`: the plugin's own methods, an error answer thrown as coded. */
function ownGateway(recorded: RecordedRegistrations) {
  return async (method: string, params: Record<string, unknown>): Promise<unknown> => {
    const answer = await invokeGatewayMethod(recorded, method, params);
    if (answer.ok) return answer.payload;
    const error = answer.error as { code?: string; message: string; hint?: string };
    throw new OpenClawError(
      (error.code ?? "GATEWAY_METHOD_FAILED") as "GATEWAY_METHOD_FAILED",
      error.message,
      error.hint ? { hint: error.hint } : {},
    );
  };
}

/**
 * Creates a fake `api` for one plugin and a harness that drives what it registers — the plugin
 * counterpart of fastify's `inject()`: no gateway, no loader, no network beyond one loopback socket
 * for `injectHttp`.
 *
 * @example
 * ```ts
 * import { createTestApi } from "@openclaw/plugin-sdk/testing";
 * import plugin from "./index.js";
 * const harness = createTestApi({ id: "hello", pluginConfig: { greeting: "Hi" } }).load(plugin);
 * expect(await harness.callGatewayMethod("hello.greet", { name: "Ada" })).toEqual({ ok: true, payload: { text: "Hi, Ada" } });
 * ```
 */
export function createTestApi(options: TestApiOptions): TestHarness {
  const recorded = emptyRegistrations();
  const logs: TestLogLine[] = [];
  const api = createRecordingApi(options, recorded, logs);
  const serviceContext: PluginServiceContext = {
    config: api.config,
    stateDir: options.stateDir ?? join(tmpdir(), "openclaw-test-state"),
    logger: api.logger,
  };
  const started: typeof recorded.services = [];
  const harness: TestHarness = {
    api,
    recorded,
    get registrations() {
      return registrationNames(recorded);
    },
    logs,
    load(plugin) {
      registerOf(plugin)(api);
      return harness;
    },
    callGatewayMethod: (method, params) => invokeGatewayMethod(recorded, method, params),
    tools: (ctx) => resolveTools(recorded, ctx),
    runTool: (name, params = {}) => invokeTool(recorded, name, params),
    runHook: (hookName, event, ctx) => invokeHook(recorded, hookName, event, ctx),
    emitLegacyHook: (eventName, event) => invokeLegacyHook(recorded, eventName, event),
    runCommand: (name, ctx) => invokeCommand(recorded, name, ctx),
    async startServices() {
      for (const service of recorded.services.filter((s) => !started.includes(s))) {
        await service.start(serviceContext);
        started.push(service);
      }
    },
    async stopServices() {
      while (started.length > 0) await started.pop()?.stop?.(serviceContext);
    },
    runCli: (argv, cliOptions = {}) =>
      runPluginCli(
        recorded,
        { config: api.config, stateDir: serviceContext.stateDir, logger: api.logger },
        argv,
        {
          ...cliOptions,
          gateway: cliOptions.gateway ?? ownGateway(recorded),
        },
      ),
    injectHttp: (request) => injectHttp(recorded.httpRoutes, TEST_GATEWAY_TOKEN, request),
  };
  return harness;
}
