import {
  buildControlPlane,
  createPluginRuntime,
  loadPlugins,
  suggestId,
  toPluginLogger,
} from "@openclaw/plugin-loader";
import type { CliRegistration, PluginRecord } from "@openclaw/plugin-registry";
import { OpenClawError, type PluginCliContext } from "@openclaw/plugin-sdk/core";
import type { Command } from "commander";
import type { CliContext } from "./cli-context.js";
import { CORE_COMMANDS } from "./core-commands.js";
import { firstWord } from "./shell/global-flags.js";

/** Arguments before `--`. */
function flagsBeforeOperands(argv: readonly string[]): readonly string[] {
  const end = argv.indexOf("--");
  return end === -1 ? argv : argv.slice(0, end);
}

export { CORE_COMMANDS };

/** CLI registrations of every enabled plugin (imports plugin code in `cli-metadata` mode). */
export async function loadPluginCli(
  ctx: CliContext,
): Promise<{ registrars: CliRegistration[]; plugins: PluginRecord[] }> {
  const config = await ctx.readConfig();
  const controlPlane = await buildControlPlane({
    config,
    env: ctx.env,
    registryOptions: { reservedCliCommands: CORE_COMMANDS },
  });
  const runtime = createPluginRuntime({
    version: ctx.version,
    stateDir: ctx.stateDir,
    logger: ctx.logger,
    loadConfig: () => config,
  });
  const registry = await loadPlugins({ controlPlane, mode: "cli-metadata", logger: ctx.logger, runtime });
  return { registrars: registry.cliRegistrars, plugins: registry.listPlugins() };
}

/** The error for a first word that is neither a core nor a plugin command. */
function unknownCommand(name: string, registrars: CliRegistration[], plugins: PluginRecord[]): OpenClawError {
  const failed = plugins.find(
    (p) => p.status === "error" && p.id.replace(/-/g, "") === name.replace(/-/g, ""),
  );
  const suggestion = suggestId(name, [...registrars.flatMap((r) => r.commands), ...CORE_COMMANDS]);
  return new OpenClawError("CLI_USAGE", `unknown command: ${name}`, {
    hint: failed
      ? `Plugin ${failed.id} failed to load (${failed.error?.code}: ${failed.error?.message}).`
      : suggestion
        ? `Did you mean "${suggestion}"? Run \`openclaw --help\`.`
        : "Run `openclaw --help` for core commands; plugin commands appear once their plugin is enabled.",
  });
}

/**
 * A commander program with the flags every `openclaw` command accepts (`--json`, `--[no-]color`,
 * `--log-format`, `-y/--yes`, `-h/--help`, `--version`), output routed through `ctx`, and parse
 * errors thrown (not printed) so the shell renders them like every other error.
 */
export async function createPluginProgram(ctx: CliContext): Promise<Command> {
  const { Command, Option } = await import("commander");
  const program = new Command("openclaw");
  program
    .exitOverride()
    .version(ctx.version, "--version", "Show version number")
    .helpOption("-h, --help", "Show help")
    .option("--json", "Print JSON on stdout (errors too: { ok: false, error })")
    .option("-y, --yes", "Answer yes to confirmations")
    .option("--color", "Colour output (default: on a terminal)")
    .option("--no-color", "Never colour output")
    .addOption(new Option("--log-format <format>", "Log lines").choices(["json", "pretty"]))
    .configureHelp({ showGlobalOptions: true })
    .configureOutput({
      writeOut: (text) => ctx.print(text.replace(/\n$/, "")),
      writeErr: (text) => ctx.printErr(text.replace(/\n$/, "")),
      outputError: () => {},
    });
  return program;
}

/** What a plugin's registrar receives for `program` (see `PluginCliContext`). */
export function pluginCliContext(ctx: CliContext, program: Command, pluginId: string): PluginCliContext {
  return {
    program,
    config: {},
    stateDir: ctx.stateDir,
    json: ctx.json,
    logger: toPluginLogger(ctx.logger.child({ plugin: pluginId })),
    callGateway: (method, params, options) => ctx.callGateway(method, params, options?.timeoutMs),
    print: (text) => ctx.print(text),
  };
}

/**
 * Runs a top-level command registered by a plugin (`openclaw voicecall call …`): builds a commander
 * program, lets the owning registrar add its commands, and parses `argv` with it. Commander checks
 * every option and argument before it calls an action, so usage errors come before side effects.
 * @throws {@link OpenClawError} `CLI_USAGE` for unknown commands (with a did-you-mean) or bad usage.
 */
export async function runPluginCommand(ctx: CliContext, argv: string[]): Promise<void> {
  const name = firstWord(flagsBeforeOperands(argv)) ?? "";
  const { registrars, plugins } = await loadPluginCli(ctx);
  const owner = registrars.find((r) => r.commands.includes(name));
  if (!owner) throw unknownCommand(name, registrars, plugins);
  const { CommanderError } = await import("commander");
  const program = await createPluginProgram(ctx);
  await owner.registrar({
    ...pluginCliContext(ctx, program, owner.pluginId),
    config: await ctx.readConfig(),
  });
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    if (error.exitCode === 0) return;
    throw new OpenClawError("CLI_USAGE", error.message.replace(/^error: /, ""), {
      hint: `Run \`openclaw ${name} --help\`.`,
    });
  }
}
