import type { PluginDiagnostic, PluginRegistrationSummary } from "@openclaw/plugin-registry";
import type { PluginReport, PluginReportEntry } from "./plugin-report.js";
import { createPalette, type Palette } from "./shell/colors.js";
import { wrap } from "./wrap.js";

function pad(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
}

/** The padded STATUS cell, coloured: loaded green, enabled cyan, error red, disabled dim. */
function statusCell(p: PluginReportEntry, colors: Palette): string {
  const text = pad(p.status, 9);
  if (p.status === "loaded") return colors.green(text);
  if (p.status === "enabled") return colors.cyan(text);
  if (p.status === "error") return colors.red(text);
  return colors.dim(text);
}

/** Renders `plugins list` for a terminal (fits 80 columns). */
export function formatPluginList(
  report: PluginReport,
  verbose: boolean,
  colors: Palette = createPalette(false),
): string {
  if (report.plugins.length === 0) return "No plugins found.";
  const loaded = report.plugins.filter((p) => p.status === "loaded").length;
  const enabled = report.plugins.filter((p) => p.status === "loaded" || p.status === "enabled").length;
  const head = report.gateway
    ? `Plugins (${loaded}/${report.plugins.length} loaded in the gateway at ${report.gateway.url})`
    : `Plugins (${enabled}/${report.plugins.length} enabled; gateway not running)`;
  const lines = [
    head,
    "",
    `${pad("ID", 26)} ${pad("STATUS", 9)} ${pad("ORIGIN", 9)} ${pad("VERSION", 12)} NAME`,
  ];
  for (const p of report.plugins) {
    lines.push(
      `${colors.bold(pad(p.id, 26))} ${statusCell(p, colors)} ${pad(p.origin, 9)} ${pad(p.version ?? "-", 12)} ${pad(p.name, 20)}`.trimEnd(),
    );
    if (p.error) lines.push(colors.red(pad(`  ! ${p.error.code}: ${p.error.message}`, 80).trimEnd()));
    else if (p.status === "disabled" && verbose) lines.push(`  - ${p.activation.reason}`);
    if (verbose) {
      lines.push(`  source: ${p.source}`);
      const regs = summarizeRegistrations(p.registrations);
      if (regs) lines.push(`  registers: ${regs}`);
    }
  }
  if (report.gateway && report.plugins.some((p) => p.status === "enabled" && !p.live)) {
    lines.push("", "Plugins marked enabled are not loaded yet: restart the gateway to load them.");
  }
  const problems = [
    ...report.diagnostics,
    ...report.plugins.flatMap((p) => p.diagnostics.filter((d) => d.level !== "error")),
  ];
  if (problems.length > 0) {
    lines.push("", "Diagnostics:");
    for (const d of problems) lines.push(wrap(formatDiagnostic(d)));
  }
  return lines.join("\n");
}

/** One-line summary of registrations, e.g. `tools: a, b; methods: x.y`. */
export function summarizeRegistrations(r: PluginRegistrationSummary): string {
  const parts: Array<[string, string[]]> = [
    ["tools", r.tools],
    ["hooks", [...r.hooks, ...r.typedHooks]],
    ["channels", r.channels],
    ["providers", r.providers],
    ["methods", r.gatewayMethods],
    ["routes", r.httpRoutes],
    ["cli", r.cliCommands],
    ["commands", r.commands.map((c) => `/${c}`)],
    ["services", r.services],
    ["context engines", r.contextEngines],
  ];
  return parts
    .filter(([, list]) => list.length > 0)
    .map(([label, list]) => `${label}: ${list.join(", ")}`)
    .join("; ");
}

/** One diagnostic as `- [level] message (hint)`. */
export function formatDiagnostic(d: PluginDiagnostic): string {
  const who = d.pluginId ? `${d.pluginId}: ` : "";
  const code = d.code ? ` [${d.code}]` : "";
  return `- ${d.level}${code} ${who}${d.message}${d.hint ? `\n    fix: ${d.hint}` : ""}`;
}

/** Renders `plugins info <id>` for a terminal. */
export function formatPluginInfo(
  p: PluginReportEntry,
  extra: { channels: string[]; configKeys: string[]; skills?: string[] },
): string {
  const lines = [
    `${p.name} (${p.id})`,
    `  status:     ${p.status}${p.live ? " (live from the gateway)" : ""}`,
    `  activation: ${p.activation.enabled ? "enabled" : "disabled"} — ${p.activation.reason}`,
    `  origin:     ${p.origin}`,
    `  version:    ${p.version ?? "-"}`,
    `  source:     ${p.source}`,
  ];
  if (p.description) lines.push(`  about:      ${p.description}`);
  if (extra.channels.length > 0) lines.push(`  channels:   ${extra.channels.join(", ")}`);
  if (extra.configKeys.length > 0) lines.push(`  config:     ${extra.configKeys.join(", ")}`);
  if (extra.skills?.length) lines.push(`  skills:     ${extra.skills.join(", ")}`);
  if (p.install)
    lines.push(
      `  installed:  ${p.install.source} ${p.install.spec ?? ""} at ${p.install.installedAt ?? "?"}`.trimEnd(),
    );
  const regs = summarizeRegistrations(p.registrations);
  lines.push(`  registers:  ${regs || (p.live ? "nothing" : "unknown until the gateway loads it")}`);
  if (p.error)
    lines.push(
      `  error:      ${p.error.code} (${p.error.phase}): ${p.error.message}`,
      ...(p.error.hint ? [`  fix:        ${p.error.hint}`] : []),
    );
  for (const d of p.diagnostics.filter((d) => d.message !== p.error?.message))
    lines.push(`  ${formatDiagnostic(d).slice(2)}`);
  return lines.join("\n");
}
