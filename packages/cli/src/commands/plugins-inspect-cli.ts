import { suggestId } from "@openclaw/plugin-loader";
import { OpenClawError } from "@openclaw/plugin-sdk/core";
import type { CliContext } from "../cli-context.js";
import { formatPluginInfo, formatPluginList } from "../format-plugins.js";
import { buildPluginReport, readControlPlane } from "../plugin-report.js";
import type { Runner } from "../runner.js";
import { pluginSkills } from "../skills-report.js";
import type { PluginsSubcommand } from "./plugins.js";
import { catalog, doctor, explainPlugin } from "./plugins-explain.js";
import { pluginStatus, reloadPlugin } from "./plugins-runtime.js";

/** `PLUGIN_NOT_FOUND` with a did-you-mean over `known` ids. */
export function pluginNotFound(id: string, known: Iterable<string>): OpenClawError {
  const suggestion = suggestId(id, known);
  return new OpenClawError("PLUGIN_NOT_FOUND", `plugin not found: ${id}`, {
    hint: suggestion
      ? `Did you mean "${suggestion}"? Run \`openclaw plugins list\` to see every plugin.`
      : "Run `openclaw plugins list` to see every plugin.",
  });
}

const idArg = { type: "string", demandOption: true } as const;

function listCommand(ctx: CliContext, run: Runner): PluginsSubcommand {
  return {
    command: "list",
    describe: "List discovered plugins with their status (no plugin code runs)",
    builder: (y) =>
      y
        .option("enabled", { type: "boolean", default: false, describe: "Only enabled or loaded plugins" })
        .option("verbose", {
          type: "boolean",
          default: false,
          describe: "Show sources, reasons and registrations",
        }),
    handler: (argv: { enabled: boolean; verbose: boolean }) =>
      run(async () => {
        const report = await buildPluginReport(ctx);
        if (argv.enabled)
          report.plugins = report.plugins.filter((p) => p.status === "loaded" || p.status === "enabled");
        ctx.print(
          ctx.json ? JSON.stringify(report, null, 2) : formatPluginList(report, argv.verbose, ctx.colors),
        );
      }),
  };
}

async function showInfo(ctx: CliContext, id: string): Promise<void> {
  const plane = await readControlPlane(ctx);
  const report = await buildPluginReport(ctx, plane);
  const entry = report.plugins.find((p) => p.id === id || p.name === id || p.packageName === id);
  if (!entry)
    throw pluginNotFound(
      id,
      report.plugins.map((p) => p.id),
    );
  const manifest = plane.plugins.get(entry.id)?.manifest;
  const skills = await pluginSkills(plane, entry.id);
  if (ctx.json) {
    ctx.print(JSON.stringify({ ...entry, manifest: manifest ?? null, skills }, null, 2));
    return;
  }
  const properties = (manifest?.configSchema.properties ?? {}) as Record<string, unknown>;
  ctx.print(
    formatPluginInfo(entry, {
      channels: manifest?.channels ?? [],
      configKeys: Object.keys(properties),
      skills: skills.map((s) => s.name),
    }),
  );
}

/** An `<id>` subcommand whose body is `body(id)`. */
function idCommand(
  run: Runner,
  command: string,
  describe: string,
  body: (id: string) => Promise<unknown>,
): PluginsSubcommand {
  return {
    command: `${command} <id>`,
    describe,
    builder: (y) => y.positional("id", idArg),
    handler: (argv: { id: string }) => run(() => body(String(argv.id))),
  };
}

/** A subcommand without arguments whose body is `body()`. */
function plainCommand(
  run: Runner,
  command: string,
  describe: string,
  body: () => Promise<unknown>,
): PluginsSubcommand {
  return { command, describe, builder: (y) => y, handler: () => run(body) };
}

/** The read-mostly `plugins` subcommands: list, info, status, reload, why, doctor, catalog. */
export function inspectCommands(ctx: CliContext, run: Runner): PluginsSubcommand[] {
  return [
    listCommand(ctx, run),
    idCommand(run, "info", "Show one plugin: manifest, activation, install record, registrations", (id) =>
      showInfo(ctx, id),
    ),
    plainCommand(
      run,
      "status",
      "Show every plugin's runtime state in the running gateway (exit 1 if any failed)",
      () => pluginStatus(ctx, ctx.json),
    ),
    idCommand(
      run,
      "reload",
      "Dispose a plugin in the running gateway and load its current code and config",
      (id) => reloadPlugin(ctx, id, ctx.json),
    ),
    idCommand(run, "why", "Explain which copy of a plugin is used and why it is enabled or not", (id) =>
      explainPlugin(ctx, id, ctx.json),
    ),
    plainCommand(run, "doctor", "List every plugin problem with its code and fix (exit 1 on errors)", () =>
      doctor(ctx, ctx.json),
    ),
    plainCommand(
      run,
      "catalog",
      "List installable channels from discovered plugins and external catalogs",
      () => catalog(ctx, ctx.json),
    ),
  ];
}
