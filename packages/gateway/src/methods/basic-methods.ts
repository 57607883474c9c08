import { buildConfigSchema, validateConfig } from "@openclaw/plugin-loader";
import { dispatchCommand } from "../commands.js";
import { invokeTool, listTools } from "../tools.js";
import type { CoreMethodContext, MethodTable } from "./context.js";
import { optionalObject, optionalString, requireString } from "./params.js";

/** `health`, `gateway.methods`, `plugins.*`, `tools.*`, `commands.*`, `config.*`. */
export function addBasicMethods(
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
      })),
      diagnostics: registry.diagnostics,
    }),
  );
  methods.set("plugins.reload", async ({ params, respond }) => {
    respond(true, await ctx.reloadPlugin(requireString(params, "id")));
  });
  methods.set("tools.list", ({ respond }) => respond(true, { tools: listTools(registry) }));
  methods.set("tools.invoke", async ({ params, respond }) => {
    const sessionKey = optionalString(params, "sessionKey");
    respond(
      true,
      await invokeTool(registry, requireString(params, "name"), optionalObject(params, "params"), {
        hooks: ctx.hooks,
        ctx: sessionKey ? { sessionKey } : {},
      }),
    );
  });
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
      await dispatchCommand(registry, {
        text: requireString(params, "text"),
        channel: optionalString(params, "channel") ?? "gateway",
        isAuthorizedSender: params.authorized !== false,
        config: ctx.config(),
        ...(senderId ? { senderId } : {}),
      }),
    );
  });
  methods.set("config.schema", ({ respond }) => respond(true, buildConfigSchema(ctx.controlPlane())));
  methods.set("config.validate", ({ respond }) => respond(true, validateConfig(ctx.controlPlane())));
}
