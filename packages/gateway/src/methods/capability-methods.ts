import { errorMessage, OpenClawError } from "@openclaw/plugin-sdk/core";
import { findChannel, inspectChannel, sendChannelText } from "../channels.js";
import { callPlugin } from "../plugin-calls.js";
import { runProviderDiscovery } from "../providers.js";
import { type CoreMethodContext, callOptions, type MethodTable } from "./context.js";
import { optionalString, requireString } from "./params.js";

/** `channels.list`, `channels.status` (plugin code under the `channel` budget), `channels.send`. */
function addChannelMethods(methods: MethodTable, ctx: CoreMethodContext): void {
  const { registry } = ctx;
  methods.set("channels.list", ({ respond }) =>
    respond(true, {
      channels: registry.channels.map(({ pluginId, plugin }) => ({
        id: plugin.id,
        pluginId,
        label: plugin.meta?.label ?? plugin.id,
        aliases: plugin.meta?.aliases ?? [],
        capabilities: plugin.capabilities,
        deliveryMode: plugin.outbound?.deliveryMode,
      })),
    }),
  );
  methods.set("channels.status", async ({ params, respond }) => {
    const wanted = optionalString(params, "channel");
    const list = wanted ? [findChannel(registry, wanted)].filter((c) => c !== undefined) : registry.channels;
    if (wanted && list.length === 0)
      throw new OpenClawError("GATEWAY_METHOD_NOT_FOUND", `no channel ${wanted}`);
    respond(true, {
      channels: await Promise.all(
        list.map(async ({ pluginId, plugin }) => ({
          id: plugin.id,
          pluginId,
          accounts: await callPlugin(
            registry,
            { pluginId, call: "channel", name: `${plugin.id} status` },
            () => inspectChannel(plugin, ctx.config()),
            callOptions(ctx, "channel"),
          ).catch((error: unknown) => [{ error: errorMessage(error) }]),
        })),
      ),
    });
  });
  methods.set("channels.send", async ({ params, respond }) => {
    const accountId = optionalString(params, "accountId");
    respond(
      true,
      await sendChannelText(registry, {
        channel: requireString(params, "channel"),
        to: requireString(params, "to"),
        text: requireString(params, "text"),
        config: ctx.config(),
        hooks: ctx.hooks,
        ...(accountId ? { accountId } : {}),
      }),
    );
  });
}

/** `providers.list`, `providers.discover` and `contextEngine.info` (factories under the `discovery` budget). */
function addProviderMethods(methods: MethodTable, ctx: CoreMethodContext): void {
  const { registry } = ctx;
  methods.set("providers.list", ({ respond }) =>
    respond(true, {
      providers: registry.providers.map(({ pluginId, provider }) => ({
        id: provider.id,
        pluginId,
        label: provider.label,
        authMethods: provider.auth.map((m) => ({
          id: m.id,
          label: m.label,
          kind: m.kind,
          nonInteractive: typeof m.runNonInteractive === "function",
        })),
        wizard: provider.wizard ?? null,
        discovery: provider.discovery ? { order: provider.discovery.order ?? "late" } : null,
      })),
    }),
  );
  methods.set("providers.discover", async ({ respond }) => {
    respond(true, { results: await runProviderDiscovery(registry, { config: ctx.config(), env: {} }) });
  });
  methods.set("contextEngine.info", async ({ respond }) => {
    const selected = ctx.controlPlane().slots.contextEngine;
    if (selected === "legacy") {
      respond(true, {
        selected,
        owner: "core",
        info: { id: "legacy", name: "Legacy (built in)", ownsCompaction: false },
      });
      return;
    }
    // The slot names an engine id; a plugin id whose plugin registered exactly one engine also works.
    const owned = [...registry.contextEngines.values()].filter((e) => e.pluginId === selected);
    const registration = registry.contextEngines.get(selected) ?? (owned.length === 1 ? owned[0] : undefined);
    if (!registration) {
      throw new OpenClawError("CONFIG_INVALID", `context engine "${selected}" is not registered`, {
        hint: `Available engines: legacy${[...registry.contextEngines.keys()].map((k) => `, ${k}`).join("")}. Check \`openclaw plugins why ${selected}\`.`,
      });
    }
    const engine = await callPlugin(
      registry,
      { pluginId: registration.pluginId, call: "discovery", name: `context engine ${registration.id}` },
      () => registration.factory(),
      callOptions(ctx, "discovery"),
    );
    respond(true, { selected, owner: `plugin:${registration.pluginId}`, info: engine.info });
  });
}

/** `channels.*`, `providers.*` and `contextEngine.info`. */
export function addCapabilityMethods(methods: MethodTable, ctx: CoreMethodContext): void {
  addChannelMethods(methods, ctx);
  addProviderMethods(methods, ctx);
}
