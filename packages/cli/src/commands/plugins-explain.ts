import { buildChannelCatalog, type ConfigIssue, suggestId, validateConfig } from "@openclaw/plugin-loader";
import { OpenClawError } from "@openclaw/plugin-sdk/core";
import type { CliContext } from "../cli-context.js";
import { formatIssues } from "../format-issues.js";
import { buildPluginReport, type PluginReport, readControlPlane } from "../plugin-report.js";

/** `plugins why <id>`: every candidate for the id, the winner and the rule, and the enablement decision. */
export async function explainPlugin(ctx: CliContext, id: string, json: boolean): Promise<void> {
  const plane = await readControlPlane(ctx);
  const decisions = plane.decisions.get(id) ?? [];
  const record = plane.registry.getPlugin(id);
  if (!record && decisions.length === 0) {
    const suggestion = suggestId(id, [...plane.decisions.keys()]);
    throw new OpenClawError("PLUGIN_NOT_FOUND", `no plugin candidate has the id ${id}`, {
      hint: suggestion ? `Did you mean "${suggestion}"?` : "Run `openclaw plugins list` to see every plugin.",
    });
  }
  if (json) {
    ctx.print(
      JSON.stringify(
        {
          id,
          status: record?.status ?? "blocked",
          activation: record?.activation ?? null,
          error: record?.error ?? null,
          candidates: decisions,
        },
        null,
        2,
      ),
    );
    return;
  }
  const lines = [`${id}`];
  if (record) {
    lines.push(
      `  status:     ${record.status}${record.error ? ` — ${record.error.code}: ${record.error.message}` : ""}`,
    );
    lines.push(
      `  enablement: ${record.activation.enabled ? "enabled" : "disabled"} (${record.activation.source}) — ${record.activation.reason}`,
    );
  } else {
    lines.push("  status:     no usable copy");
  }
  lines.push("  candidates, in discovery order (config paths, workspace, global, bundled):");
  for (const d of decisions) {
    lines.push(
      `  ${d.outcome === "winner" ? "*" : "-"} ${d.outcome.padEnd(8)} ${d.origin.padEnd(9)} ${d.source}`,
    );
    lines.push(`      ${d.rule}`);
  }
  ctx.print(lines.join("\n"));
}

/** `plugins doctor`: every diagnostic with its code, plugin and fix; resolves with the exit status. */
/**
 * Registrations the running gateway refused for a plugin that otherwise loaded (duplicate routes,
 * reserved command names, bad ids): error diagnostics with a registry code, seen only live.
 */
function rejectedRegistrations(plugin: PluginReport["plugins"][number]): ConfigIssue[] {
  return plugin.diagnostics
    .filter((d) => d.level === "error" && d.code?.startsWith("REGISTRY_"))
    .map((d) => ({
      level: "error" as const,
      code: d.code as NonNullable<typeof d.code>,
      path: `plugins.entries.${plugin.id}`,
      pluginId: plugin.id,
      message: `plugin ${plugin.id}: registration refused in the gateway: ${d.message}`,
      ...(d.hint ? { hint: d.hint } : {}),
    }));
}

export async function doctor(ctx: CliContext, json: boolean): Promise<number> {
  const plane = await readControlPlane(ctx);
  const result = validateConfig(plane);
  const report = await buildPluginReport(ctx, plane);
  const runtime: ConfigIssue[] = [];
  for (const p of report.plugins) {
    if (p.live) runtime.push(...rejectedRegistrations(p));
    if (!p.live || p.status !== "error" || !p.error) continue;
    if (plane.registry.getPlugin(p.id)?.status === "error") continue;
    runtime.push({
      level: "error",
      code: p.error.code,
      path: `plugins.entries.${p.id}`,
      pluginId: p.id,
      message: `plugin ${p.id} failed in the gateway (${p.error.phase}): ${p.error.message}`,
      ...(p.error.hint ? { hint: p.error.hint } : {}),
    });
  }
  const errors = [...result.errors, ...runtime];
  if (json) {
    ctx.print(
      JSON.stringify(
        {
          ok: errors.length === 0,
          ...(report.gateway ? { gateway: report.gateway } : {}),
          errors,
          warnings: result.warnings,
        },
        null,
        2,
      ),
    );
  } else if (errors.length === 0 && result.warnings.length === 0) {
    ctx.print(
      report.gateway
        ? "No plugin issues detected (config, manifests and the running gateway)."
        : "No plugin issues detected in config and manifests.\n(Gateway not running: runtime state not checked.)",
    );
  } else {
    ctx.print(formatIssues([...errors, ...result.warnings]));
    ctx.print(
      `\n${errors.length} error(s), ${result.warnings.length} warning(s)${report.gateway ? "" : " (gateway not running: runtime state not checked)"}`,
    );
  }
  return errors.length === 0 ? 0 : 1;
}

/** `plugins catalog`: channels offered by discovered plugins and external catalogs. */
export async function catalog(ctx: CliContext, json: boolean): Promise<void> {
  const result = buildChannelCatalog(await readControlPlane(ctx), ctx.env);
  if (json) {
    ctx.print(JSON.stringify(result, null, 2));
    return;
  }
  if (result.entries.length === 0) ctx.print("No channels in the catalog.");
  for (const e of result.entries) {
    const label = e.channel.label ?? e.channel.id;
    const install = e.install?.npmSpec
      ? `npm: ${e.install.npmSpec}`
      : e.install?.localPath
        ? `local: ${e.install.localPath}`
        : "";
    ctx.print(
      `${e.channel.id.padEnd(20)} ${label.padEnd(24)} ${e.pluginId ? `installed (${e.pluginId})` : install}`.trimEnd(),
    );
  }
  for (const p of result.problems) ctx.printErr(`warn: ${p.path}: ${p.message}`);
}
