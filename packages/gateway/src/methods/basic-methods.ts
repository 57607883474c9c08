import { buildConfigSchema, validateConfig } from "@openclaw/plugin-loader";
import { dispatchCommand } from "../commands.js";
import { configuredBudget } from "../plugin-calls.js";
import { invokeTool, listTools } from "../tools.js";
import { type CoreMethodContext, callOptions, type MethodTable } from "./context.js";
import { optionalObject, optionalString, requireString } from "./params.js";

/** `health`, `gateway.methods`, `config.schema`, `config.validate`. */
function addGatewayInfoMethods(
  methods: MethodTable,
  ctx: CoreMethodContext,
  coreNames: readonly string[],
): void {
  const { registry } = ctx;
  methods.set("health", ({ respond }) =>
    respond(true, { ok: true, version: ctx.version, uptimeMs: Date.now() - ctx.startedAt }),
  );
  methods.set("gateway.methods", ({ respond }) =>
    respond(true, {
      core: [...coreNames],
      plugins: [...registry.gatewayMethods.values()].map((m) => ({
        method: m.method,
        pluginId: m.pluginId,
        scope: m.scope,
      })),
    }),
  );
  methods.set("config.schema", ({ respond }) => respond(true, buildConfigSchema(ctx.controlPlane())));
  methods.set("config.validate", ({ respond }) => respond(true, validateConfig(ctx.controlPlane())));
}

/** `plugins.status` (bounded diagnostics with counters) and `plugins.reload`. */
function addPluginStateMethods(methods: MethodTable, ctx: CoreMethodContext): void {
  const { registry } = ctx;
  methods.set("plugins.status", ({ respond }) =>
    respond(true, {
      plugins: registry.listPlugins().map((p) => ({
        id: p.id,
        name: p.name,
        status: p.status,
        origin: p.origin,
        version: p.version,
        activation: p.activation,
        error: p.error,
        registrations: p.registrations,
        diagnostics: p.diagnostics,
        ...(p.diagnosticStats ? { diagnosticStats: p.diagnosticStats } : {}),
      })),
      diagnostics: registry.diagnostics,
      diagnosticStats: registry.diagnosticStats,
    }),
  );
  methods.set("plugins.reload", async ({ params, respond }) => {
    respond(true, await ctx.reloadPlugin(requireString(params, "id")));
  });
}

/** `tools.list` and `tools.invoke`, through the plugin budget helper. */
function addToolMethods(methods: MethodTable, ctx: CoreMethodContext): void {
  const { registry } = ctx;
  methods.set("tools.list", async ({ respond }) =>
    respond(true, { tools: await listTools(registry, callOptions(ctx, "tool")) }),
  );
  methods.set("tools.invoke", async ({ params, respond, signal }) => {
    const sessionKey = optionalString(params, "sessionKey");
    respond(
      true,
      await invokeTool(registry, requireString(params, "name"), optionalObject(params, "params"), {
        hooks: ctx.hooks,
        approvals: ctx.approvals,
        ctx: sessionKey ? { sessionKey } : {},
        timeoutMs: configuredBudget(ctx.config(), "tool"),
        ...(ctx.logger ? { logger: ctx.logger } : {}),
        ...(signal ? { signal } : {}),
      }),
    );
  });
}

/** `commands.list` and `commands.dispatch`. */
function addCommandMethods(methods: MethodTable, ctx: CoreMethodContext): void {
  const { registry } = ctx;
  methods.set("commands.list", ({ respond }) =>
    respond(true, {
      commands: [...registry.commands.values()].map((c) => ({
        name: c.name,
        pluginId: c.pluginId,
        description: c.command.description,
        acceptsArgs: c.command.acceptsArgs === true,
        requireAuth: c.command.requireAuth !== false,
      })),
    }),
  );
  methods.set("commands.dispatch", async ({ params, respond }) => {
    const senderId = optionalString(params, "senderId");
    respond(
      true,
      await dispatchCommand(
        registry,
        {
          text: requireString(params, "text"),
          channel: optionalString(params, "channel") ?? "gateway",
          isAuthorizedSender: params.authorized !== false,
          config: ctx.config(),
          ...(senderId ? { senderId } : {}),
        },
        callOptions(ctx, "command"),
      ),
    );
  });
}

/** `health`, `gateway.methods`, `plugins.*`, `tools.*`, `commands.*`, `config.*`. */
export function addBasicMethods(
  methods: MethodTable,
  ctx: CoreMethodContext,
  coreNames: readonly string[],
): void {
  addGatewayInfoMethods(methods, ctx, coreNames);
  addPluginStateMethods(methods, ctx);
  addToolMethods(methods, ctx);
  addCommandMethods(methods, ctx);
}
