import { withPluginEnabled, withSlotSelection } from "@openclaw/plugin-loader";
import { OpenClawError } from "@openclaw/plugin-sdk/core";
import type { CliContext } from "../cli-context.js";
import { readControlPlane } from "../plugin-report.js";
import type { Runner } from "../runner.js";
import type { PluginsSubcommand } from "./plugins.js";
import { pluginNotFound } from "./plugins-inspect-cli.js";
import { install, uninstall, update } from "./plugins-install.js";
import { scaffoldPluginCommand } from "./plugins-new.js";

function installCommand(ctx: CliContext, run: Runner): PluginsSubcommand {
  return {
    command: "install <source>",
    describe:
      "Install a plugin from a directory, a .tgz/.zip archive, or the npm registry (name[@version|@tag])",
    builder: (y) =>
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
        }),
    handler: (argv: { source: string; link: boolean; pin: boolean; force: boolean }) =>
      run(() =>
        install(ctx, {
          source: String(argv.source),
          force: argv.force,
          link: argv.link,
          pin: argv.pin,
          json: ctx.json,
        }),
      ),
  };
}

function updateCommand(ctx: CliContext, run: Runner): PluginsSubcommand {
  return {
    command: "update [id]",
    describe: "Update npm-installed plugins to what their recorded spec resolves to now",
    builder: (y) =>
      y
        .positional("id", { type: "string" })
        .option("all", { type: "boolean", default: false, describe: "Every npm install record" })
        .option("dry-run", { type: "boolean", default: false, describe: "Only say what would change" }),
    handler: (argv: { id?: string; all: boolean; dryRun: boolean; yes?: boolean }) =>
      run(() =>
        update(ctx, {
          ...(argv.id ? { id: String(argv.id) } : {}),
          all: argv.all,
          dryRun: argv.dryRun,
          yes: argv.yes === true,
          json: ctx.json,
        }),
      ),
  };
}

function uninstallCommand(ctx: CliContext, run: Runner): PluginsSubcommand {
  return {
    command: "uninstall <id>",
    describe: "Remove an installed plugin: its directory and its config",
    builder: (y) =>
      y.positional("id", { type: "string", demandOption: true }).option("keep-config", {
        type: "boolean",
        default: false,
        describe: "Keep plugins.entries.<id> for a reinstall",
      }),
    handler: (argv: { id: string; keepConfig: boolean }) =>
      run(() => uninstall(ctx, { id: String(argv.id), keepConfig: argv.keepConfig, json: ctx.json })),
  };
}

/** `plugins enable|disable <id>`: sets `plugins.entries.<id>.enabled`; an unknown id writes nothing. */
export async function togglePlugin(ctx: CliContext, id: string, enabled: boolean): Promise<void> {
  const plane = await readControlPlane(ctx);
  if (!plane.plugins.has(id)) throw pluginNotFound(id, plane.plugins.keys());
  if (enabled && plane.config.plugins?.deny?.includes(id)) {
    throw new OpenClawError("CLI_USAGE", `plugin ${id} is in plugins.deny; deny always wins`, {
      hint: `Remove "${id}" from plugins.deny first.`,
    });
  }
  const kind = plane.plugins.get(id)?.manifest?.kind;
  const messages: string[] = [];
  // Read-modify-write under the config lock, on the file as it is now (another shell may have changed it).
  await ctx.updateConfig((current) => {
    const next = withPluginEnabled(current, id, enabled);
    if (!enabled) return next;
    const slot = withSlotSelection(next, id, kind);
    messages.push(...slot.messages);
    return slot.config;
  });
  if (ctx.json) {
    ctx.print(JSON.stringify({ ok: true, id, enabled, configPath: ctx.configPath, messages }, null, 2));
    return;
  }
  for (const message of messages) ctx.print(message);
  ctx.print(`${enabled ? "Enabled" : "Disabled"} plugin "${id}". Restart the gateway to apply.`);
}

function toggleCommand(ctx: CliContext, run: Runner, enabled: boolean): PluginsSubcommand {
  return {
    command: `${enabled ? "enable" : "disable"} <id>`,
    describe: enabled
      ? "Enable a plugin (plugins.entries.<id>.enabled = true)"
      : "Disable a plugin; its config is kept",
    builder: (y) => y.positional("id", { type: "string", demandOption: true }),
    handler: (argv: { id: string }) => run(() => togglePlugin(ctx, String(argv.id), enabled)),
  };
}

/** The `plugins` subcommands that change what is installed or enabled, and `plugins new`. */
export function manageCommands(ctx: CliContext, run: Runner): PluginsSubcommand[] {
  return [
    installCommand(ctx, run),
    updateCommand(ctx, run),
    uninstallCommand(ctx, run),
    toggleCommand(ctx, run, true),
    toggleCommand(ctx, run, false),
    scaffoldPluginCommand(ctx, run),
  ];
}
