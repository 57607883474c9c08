import { buildConfigSchema, type ControlPlane, validateConfig } from "@openclaw/plugin-loader";
import type { PluginRegistry } from "@openclaw/plugin-registry";
import { type GatewayRequestHandler, type OpenClawConfig, OpenClawError } from "@openclaw/plugin-sdk/core";
import { dispatchCommand } from "./commands.js";
import { invokeTool, listTools } from "./tools.js";

/** Names of the methods core serves; plugins cannot register these. */
export const CORE_METHOD_NAMES: readonly string[] = [
  "health",
  "gateway.methods",
  "plugins.status",
  "tools.list",
  "tools.invoke",
  "commands.list",
  "commands.dispatch",
  "config.schema",
  "config.validate",
];

/** What core methods read. */
export interface CoreMethodContext {
  registry: PluginRegistry;
  /** The control plane the gateway started from (config schema and validation). */
  controlPlane: ControlPlane;
  config: () => OpenClawConfig;
  startedAt: number;
  version: string;
}

function requireString(params: Record<string, unknown>, key: string): string {
  const value = params[key];
  if (typeof value !== "string" || value.trim() === "") {
    throw new OpenClawError("GATEWAY_BAD_REQUEST", `params.${key} is required (a non-empty string)`);
  }
  return value;
}

/** Builds the core RPC methods over a registry. */
export function createCoreMethods(ctx: CoreMethodContext): Map<string, GatewayRequestHandler> {
  const { registry } = ctx;
  const methods = new Map<string, GatewayRequestHandler>();
  methods.set("health", ({ respond }) =>
    respond(true, { ok: true, version: ctx.version, uptimeMs: Date.now() - ctx.startedAt }),
  );
  methods.set("gateway.methods", ({ respond }) =>
    respond(true, {
      core: [...CORE_METHOD_NAMES],
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
        status: p.status,
        origin: p.origin,
        version: p.version,
        error: p.error,
        registrations: p.registrations,
        diagnostics: p.diagnostics,
      })),
      diagnostics: registry.diagnostics,
    }),
  );
  methods.set("tools.list", ({ respond }) => respond(true, { tools: listTools(registry) }));
  methods.set("tools.invoke", async ({ params, respond }) => {
    const name = requireString(params, "name");
    const toolParams = (params.params ?? {}) as Record<string, unknown>;
    respond(true, await invokeTool(registry, name, toolParams));
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
    const text = requireString(params, "text");
    respond(
      true,
      await dispatchCommand(registry, {
        text,
        channel: typeof params.channel === "string" ? params.channel : "gateway",
        isAuthorizedSender: params.authorized !== false,
        config: ctx.config(),
        ...(typeof params.senderId === "string" ? { senderId: params.senderId } : {}),
      }),
    );
  });
  methods.set("config.schema", ({ respond }) => respond(true, buildConfigSchema(ctx.controlPlane)));
  methods.set("config.validate", ({ respond }) => respond(true, validateConfig(ctx.controlPlane)));
  return methods;
}
