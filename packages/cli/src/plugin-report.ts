import { callGateway } from "@openclaw/gateway/client";
import { buildControlPlane, type ControlPlane } from "@openclaw/plugin-loader";
import type { PluginDiagnostic, PluginRecord } from "@openclaw/plugin-registry";
import type { PluginInstallRecord } from "@openclaw/plugin-sdk/core";
import type { CliContext } from "./cli-context.js";

/** A plugin as `plugins list --json` reports it. */
export interface PluginReportEntry extends PluginRecord {
  /** True when status and registrations come from the running gateway. */
  live: boolean;
  install?: PluginInstallRecord;
}

/** The `plugins list --json` document. */
export interface PluginReport {
  stateDir: string;
  configPath: string;
  /** The gateway asked for live state, when one answered. */
  gateway?: { url: string };
  plugins: PluginReportEntry[];
  diagnostics: PluginDiagnostic[];
}

interface LiveStatus {
  plugins: Array<Pick<PluginRecord, "id" | "status" | "error" | "registrations" | "diagnostics">>;
}

/** Builds the control plane from the current config (no plugin code runs). */
export async function readControlPlane(ctx: CliContext): Promise<ControlPlane> {
  return buildControlPlane({ config: await ctx.readConfig(), env: ctx.env });
}

/**
 * Builds the plugin report from manifests and config, then overlays live status and registrations
 * from the running gateway (one recorded in runtime.json or named by `$OPENCLAW_GATEWAY_URL`) when it
 * answers within 1.5 s. Never runs plugin code.
 */
export async function buildPluginReport(ctx: CliContext, controlPlane?: ControlPlane): Promise<PluginReport> {
  const plane = controlPlane ?? (await readControlPlane(ctx));
  const installs = plane.config.plugins?.installs ?? {};
  let live: LiveStatus | undefined;
  let gatewayUrl: string | undefined;
  try {
    const connection = await ctx.gatewayConnection();
    if (connection.via === "config") throw new Error("no gateway recorded as running");
    live = await callGateway<LiveStatus>({ connection, method: "plugins.status", timeoutMs: 1500 });
    gatewayUrl = connection.url;
  } catch {
    live = undefined;
  }
  const liveById = new Map(live?.plugins.map((p) => [p.id, p]));
  const plugins = plane.registry.listPlugins().map((record): PluginReportEntry => {
    const running = liveById.get(record.id);
    const entry: PluginReportEntry = { ...record, live: running !== undefined };
    if (running) {
      entry.status = running.status;
      entry.registrations = running.registrations;
      entry.diagnostics = running.diagnostics;
      if (running.error) entry.error = running.error;
    }
    const install = installs[record.id];
    if (install) entry.install = install;
    return entry;
  });
  return {
    stateDir: ctx.stateDir,
    configPath: ctx.configPath,
    ...(gatewayUrl ? { gateway: { url: gatewayUrl } } : {}),
    plugins,
    diagnostics: plane.registry.diagnostics,
  };
}
