import { OpenClawError } from "@openclaw/plugin-sdk/core";
import { findChannel, inspectChannel, sendChannelText } from "../channels.js";
import { runProviderDiscovery } from "../providers.js";
import type { CoreMethodContext, MethodTable } from "./context.js";
import { optionalString, requireString } from "./params.js";

/** `channels.*`, `providers.*` and `contextEngine.info`. */
export function addCapabilityMethods(methods: MethodTable, ctx: CoreMethodContext): void {
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
  methods.set("channels.status", ({ params, respond }) => {
    const wanted = optionalString(params, "channel");
    const list = wanted ? [findChannel(registry, wanted)].filter((c) => c !== undefined) : registry.channels;
    if (wanted && list.length === 0)
      throw new OpenClawError("GATEWAY_METHOD_NOT_FOUND", `no channel ${wanted}`);
    respond(true, {
      channels: list.map(({ pluginId, plugin }) => ({
        id: plugin.id,
        pluginId,
        accounts: inspectChannel(plugin, ctx.config()),
      })),
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
    const engine = await registration.factory();
    respond(true, { selected, owner: `plugin:${registration.pluginId}`, info: engine.info });
  });
}
