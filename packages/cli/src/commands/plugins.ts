import { suggestId, withPluginEnabled, withSlotSelection } from "@openclaw/plugin-loader";
import { OpenClawError } from "@openclaw/plugin-sdk/core";
import type { Argv } from "yargs";
import type { CliContext } from "../cli-context.js";
import { formatPluginInfo, formatPluginList } from "../format-plugins.js";
import { buildPluginReport, readControlPlane } from "../plugin-report.js";
import type { Runner } from "../runner.js";
import { pluginSkills } from "../skills-report.js";
import { catalog, doctor, explainPlugin } from "./plugins-explain.js";
import { install, uninstall, update } from "./plugins-install.js";
import { pluginStatus, reloadPlugin } from "./plugins-runtime.js";

function notFound(id: string, known: Iterable<string>): OpenClawError {
  const suggestion = suggestId(id, known);
  return new OpenClawError("PLUGIN_NOT_FOUND", `plugin not found: ${id}`, {
    hint: suggestion
      ? `Did you mean "${suggestion}"? Run \`openclaw plugins list\` to see every plugin.`
      : "Run `openclaw plugins list` to see every plugin.",
  });
}

/** Registers `openclaw plugins <list|info|install|enable|disable>`. */
export function pluginsCommand(yargs: Argv, ctx: CliContext, run: Runner): Argv {
  return yargs
    .command(
      "list",
      "List discovered plugins with their status (no plugin code runs)",
      (y) =>
        y
          .option("json", { type: "boolean", default: false, describe: "Print JSON" })
          .option("enabled", { type: "boolean", default: false, describe: "Only enabled or loaded plugins" })
          .option("verbose", {
            type: "boolean",
            default: false,
            describe: "Show sources, reasons and registrations",
          }),
      (argv) =>
        run(async () => {
          const report = await buildPluginReport(ctx);
          if (argv.enabled)
            report.plugins = report.plugins.filter((p) => p.status === "loaded" || p.status === "enabled");
          ctx.print(argv.json ? JSON.stringify(report, null, 2) : formatPluginList(report, argv.verbose));
        }),
    )
    .command(
      "info <id>",
      "Show one plugin: manifest, activation, install record, registrations",
      (y) =>
        y
          .positional("id", { type: "string", demandOption: true })
          .option("json", { type: "boolean", default: false, describe: "Print JSON" }),
      (argv) =>
        run(async () => {
          const plane = await readControlPlane(ctx);
          const report = await buildPluginReport(ctx, plane);
          const id = String(argv.id);
          const entry = report.plugins.find((p) => p.id === id || p.name === id || p.packageName === id);
          if (!entry)
            throw notFound(
              id,
              report.plugins.map((p) => p.id),
            );
          const manifest = plane.plugins.get(entry.id)?.manifest;
          const skills = await pluginSkills(plane, entry.id);
          if (argv.json) {
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
        }),
    )
    .command(
      "install <source>",
      "Install a plugin from a directory, a .tgz/.zip archive, or the npm registry (name[@version|@tag])",
      (y) =>
        y
          .positional("source", {
            type: "string",
            demandOption: true,
            describe: "Directory, archive, or npm spec",
          })
          .option("link", {
            alias: "l",
            type: "boolean",
            default: false,
            describe: "Use a local directory in place (no copy)",
          })
          .option("pin", {
            type: "boolean",
            default: false,
            describe: "Record the exact resolved name@version",
          })
          .option("force", {
            type: "boolean",
            default: false,
            describe: "Replace an installed plugin with the same id",
          })
          .option("json", { type: "boolean", default: false, describe: "Print JSON" }),
      (argv) =>
        run(() =>
          install(ctx, {
            source: String(argv.source),
            force: argv.force,
            link: argv.link,
            pin: argv.pin,
            json: argv.json,
          }),
        ),
    )
    .command(
      "update [id]",
      "Update npm-installed plugins to what their recorded spec resolves to now",
      (y) =>
        y
          .positional("id", { type: "string" })
          .option("all", { type: "boolean", default: false, describe: "Every npm install record" })
          .option("dry-run", { type: "boolean", default: false, describe: "Only say what would change" })
          .option("json", { type: "boolean", default: false, describe: "Print JSON" }),
      (argv) =>
        run(() =>
          update(ctx, {
            ...(argv.id ? { id: String(argv.id) } : {}),
            all: argv.all,
            dryRun: argv.dryRun,
            yes: argv.yes === true,
            json: argv.json,
          }),
        ),
    )
    .command(
      "uninstall <id>",
      "Remove an installed plugin: its directory and its config",
      (y) =>
        y
          .positional("id", { type: "string", demandOption: true })
          .option("keep-config", {
            type: "boolean",
            default: false,
            describe: "Keep plugins.entries.<id> for a reinstall",
          })
          .option("json", { type: "boolean", default: false, describe: "Print JSON" }),
      (argv) =>
        run(() => uninstall(ctx, { id: String(argv.id), keepConfig: argv.keepConfig, json: argv.json })),
    )
    .command(
      "status",
      "Show every plugin's runtime state in the running gateway (exit 1 if any failed)",
      (y) => y.option("json", { type: "boolean", default: false, describe: "Print JSON" }),
      (argv) => run(() => pluginStatus(ctx, argv.json)),
    )
    .command(
      "reload <id>",
      "Dispose a plugin in the running gateway and load its current code and config",
      (y) =>
        y
          .positional("id", { type: "string", demandOption: true })
          .option("json", { type: "boolean", default: false }),
      (argv) => run(() => reloadPlugin(ctx, String(argv.id), argv.json)),
    )
    .command(
      "why <id>",
      "Explain which copy of a plugin is used and why it is enabled or not",
      (y) =>
        y
          .positional("id", { type: "string", demandOption: true })
          .option("json", { type: "boolean", default: false }),
      (argv) => run(() => explainPlugin(ctx, String(argv.id), argv.json)),
    )
    .command(
      "doctor",
      "List every plugin problem with its code and fix (exit 1 on errors)",
      (y) => y.option("json", { type: "boolean", default: false, describe: "Print JSON" }),
      (argv) => run(() => doctor(ctx, argv.json)),
    )
    .command(
      "catalog",
      "List installable channels from discovered plugins and external catalogs",
      (y) => y.option("json", { type: "boolean", default: false, describe: "Print JSON" }),
      (argv) => run(() => catalog(ctx, argv.json)),
    )
    .command(
      "enable <id>",
      "Enable a plugin (plugins.entries.<id>.enabled = true)",
      (y) => y.positional("id", { type: "string", demandOption: true }),
      (argv) => run(() => toggle(ctx, String(argv.id), true)),
    )
    .command(
      "disable <id>",
      "Disable a plugin; its config is kept",
      (y) => y.positional("id", { type: "string", demandOption: true }),
      (argv) => run(() => toggle(ctx, String(argv.id), false)),
    )
    .demandCommand(
      1,
      "Choose a plugins subcommand: list, info, status, reload, why, doctor, catalog, install, update, uninstall, enable, disable",
    );
}

async function toggle(ctx: CliContext, id: string, enabled: boolean): Promise<void> {
  const plane = await readControlPlane(ctx);
  if (!plane.plugins.has(id)) throw notFound(id, plane.plugins.keys());
  if (enabled && plane.config.plugins?.deny?.includes(id)) {
    throw new OpenClawError("CLI_USAGE", `plugin ${id} is in plugins.deny; deny always wins`, {
      hint: `Remove "${id}" from plugins.deny first.`,
    });
  }
  const kind = plane.plugins.get(id)?.manifest?.kind;
  const messages: string[] = [];
  await ctx.updateConfig((current) => {
    const next = withPluginEnabled(current, id, enabled);
    if (!enabled) return next;
    const slot = withSlotSelection(next, id, kind);
    messages.push(...slot.messages);
    return slot.config;
  });
  for (const message of messages) ctx.print(message);
  ctx.print(`${enabled ? "Enabled" : "Disabled"} plugin "${id}". Restart the gateway to apply.`);
}
