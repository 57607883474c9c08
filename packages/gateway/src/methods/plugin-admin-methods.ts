import {
  type InstallStep,
  installPlugin,
  looksLikeNpmSpec,
  type PathEnv,
  readConfigFile,
  resolveConfigPath,
  resolveGlobalExtensionsDir,
  uninstallPlugin,
  withInstallRecord,
  withSlotSelection,
} from "@openclaw/plugin-loader";
import { type OpenClawConfig, OpenClawError } from "@openclaw/plugin-sdk/core";
import type { PluginHost } from "../plugin-host.js";
import type { MethodTable } from "./context.js";
import { optionalString, requireString } from "./params.js";

/** Names of the plugin administration methods (reserved: plugins cannot register them). */
export const PLUGIN_ADMIN_METHOD_NAMES: readonly string[] = ["plugins.install", "plugins.uninstall"];

/**
 * Applies `edit` to the config file as one write: under the config lock, from the file as it is
 * then, only the difference written (comments kept), atomically.
 */
export type ConfigEditor = (
  edit: (config: OpenClawConfig) => OpenClawConfig | Promise<OpenClawConfig>,
) => Promise<void>;

/** What the plugin administration methods use. */
export interface PluginAdminContext {
  host: PluginHost;
  env: PathEnv;
  editConfig: ConfigEditor;
  /** Pushes an event to every `/ws` client. */
  broadcast(event: string, payload: unknown): void;
}

async function install(ctx: PluginAdminContext, params: Record<string, unknown>): Promise<unknown> {
  const spec = requireString(params, "spec");
  if (!looksLikeNpmSpec(spec)) {
    throw new OpenClawError("GATEWAY_BAD_REQUEST", `not an npm spec: ${spec}`, {
      hint: "Over RPC plugins install from the npm registry only (name, name@version or name@tag); use `openclaw plugins install <path>` for local files.",
    });
  }
  const installId = optionalString(params, "installId") ?? "";
  const onStep = (step: InstallStep | "load", detail: string) =>
    ctx.broadcast("plugins.install.progress", { installId, spec, step, detail });
  const current = (await readConfigFile(resolveConfigPath(ctx.env))).config;
  const result = await installPlugin({
    source: spec,
    extensionsDir: resolveGlobalExtensionsDir(ctx.env),
    config: current,
    env: ctx.env as NodeJS.ProcessEnv,
    onStep,
  });
  let messages: string[] = [];
  // Applied to the file as it is now (the install took a while; other edits are kept).
  await ctx.editConfig((config) => {
    const slot = withSlotSelection(
      withInstallRecord(config, result.id, result.record),
      result.id,
      result.manifest.kind,
    );
    messages = slot.messages;
    return slot.config;
  });
  onStep("load", result.id);
  const record = await ctx.host.reload(result.id);
  return {
    id: result.id,
    version: result.record.version,
    installPath: result.installPath,
    integrity: result.record.integrity,
    status: record.status,
    error: record.error ?? null,
    messages,
  };
}

async function uninstall(ctx: PluginAdminContext, params: Record<string, unknown>): Promise<unknown> {
  const id = requireString(params, "id");
  const options = {
    id,
    extensionsDir: resolveGlobalExtensionsDir(ctx.env),
    keepConfig: params.keepConfig === true,
  };
  if (params.dryRun === true) {
    const current = (await readConfigFile(resolveConfigPath(ctx.env))).config;
    const plan = await uninstallPlugin({ ...options, config: current, dryRun: true });
    return { id, dryRun: true, removedPaths: plan.removedPaths, removedConfig: plan.removedConfig };
  }
  await ctx.host.services.stopPlugin(id);
  let removed: { removedPaths: string[]; removedConfig: string[] } = { removedPaths: [], removedConfig: [] };
  await ctx.editConfig(async (config) => {
    const result = await uninstallPlugin({ ...options, config });
    removed = { removedPaths: result.removedPaths, removedConfig: result.removedConfig };
    return result.config;
  });
  ctx.host.registry.removePlugin(id);
  ctx.broadcast("plugins.changed", { id, change: "uninstalled" });
  return { id, dryRun: false, ...removed };
}

/**
 * Adds `plugins.install` (`{ spec, installId? }`: an npm spec; progress as `plugins.install.progress`
 * events `{ installId, spec, step, detail }`; the plugin is recorded, enabled and loaded) and
 * `plugins.uninstall` (`{ id, dryRun?, keepConfig? }`: with `dryRun` only the directories and config
 * keys that would go; otherwise stops and removes the plugin and deletes them).
 */
export function addPluginAdminMethods(methods: MethodTable, ctx: PluginAdminContext): void {
  methods.set("plugins.install", async ({ params, respond }) => respond(true, await install(ctx, params)));
  methods.set("plugins.uninstall", async ({ params, respond }) =>
    respond(true, await uninstall(ctx, params)),
  );
}
