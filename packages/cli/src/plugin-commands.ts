import {
  buildControlPlane,
  createPluginRuntime,
  loadPlugins,
  suggestId,
  toPluginLogger,
} from "@openclaw/plugin-loader";
import type { CliRegistration, PluginRecord } from "@openclaw/plugin-registry";
import { OpenClawError, type PluginCliContext } from "@openclaw/plugin-sdk/core";
import type { CliContext } from "./cli-context.js";

/** Top-level commands owned by core; plugins cannot take these names. */
export const CORE_COMMANDS: readonly string[] = [
  "plugins",
  "gateway",
  "config",
  "hooks",
  "agent",
  "sessions",
  "models",
  "skills",
  "help",
  "completion",
];

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

/**
 * Runs a top-level command registered by a plugin (`openclaw voicecall call …`): builds a commander
 * program, lets the owning registrar add its commands, and parses `argv` with it.
 * @throws {@link OpenClawError} `CLI_USAGE` for unknown commands (with a did-you-mean) or bad usage.
 */
export async function runPluginCommand(ctx: CliContext, argv: string[]): Promise<void> {
  const name = argv[0] as string;
  const { registrars, plugins } = await loadPluginCli(ctx);
  const owner = registrars.find((r) => r.commands.includes(name));
  if (!owner) {
    const failed = plugins.find(
      (p) => p.status === "error" && p.id.replace(/-/g, "") === name.replace(/-/g, ""),
    );
    const known = [...registrars.flatMap((r) => r.commands), ...CORE_COMMANDS];
    const suggestion = suggestId(name, known);
    throw new OpenClawError("CLI_USAGE", `unknown command: ${name}`, {
      hint: failed
        ? `Plugin ${failed.id} failed to load (${failed.error?.code}: ${failed.error?.message}).`
        : suggestion
          ? `Did you mean "${suggestion}"? Run \`openclaw --help\`.`
          : "Run `openclaw --help` for core commands; plugin commands appear once their plugin is enabled.",
    });
  }
  const { Command, CommanderError } = await import("commander");
  const program = new Command("openclaw");
  program.exitOverride();
  program.configureOutput({
    writeOut: (text) => ctx.print(text.replace(/\n$/, "")),
    writeErr: (text) => ctx.printErr(text.replace(/\n$/, "")),
    // Parse errors are rethrown below as one coded CLI_USAGE error; printing them here too doubled them.
    outputError: () => {},
  });
  const pluginContext: PluginCliContext = {
    program,
    config: await ctx.readConfig(),
    stateDir: ctx.stateDir,
    logger: toPluginLogger(ctx.logger.child({ plugin: owner.pluginId })),
    callGateway: (method, params, options) => ctx.callGateway(method, params, options?.timeoutMs),
    print: (text) => ctx.print(text),
  };
  await owner.registrar(pluginContext);
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return;
      throw new OpenClawError("CLI_USAGE", error.message.replace(/^error: /, ""), {
        hint: `Run \`openclaw ${name} --help\`.`,
      });
    }
    throw error;
  }
}
