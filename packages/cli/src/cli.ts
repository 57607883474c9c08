import { OpenClawError } from "@openclaw/plugin-sdk/core";
import yargs from "yargs";
import { type CliContext, type CliContextOptions, createCliContext } from "./cli-context.js";
import { agentOptions, runAgentCommand } from "./commands/agent.js";
import { configCommand } from "./commands/config.js";
import { gatewayCommand } from "./commands/gateway.js";
import { hooksCommand } from "./commands/hooks.js";
import { modelsCommand } from "./commands/models.js";
import { pluginsCommand } from "./commands/plugins.js";
import { sessionsCommand } from "./commands/sessions.js";
import { skillsCommand } from "./commands/skills.js";
import { CORE_COMMANDS, loadPluginCli, runPluginCommand } from "./plugin-commands.js";
import { EXIT_OK, EXIT_USAGE, exitCodeFor, renderError } from "./render-error.js";
import type { Runner } from "./runner.js";
import { CLI_VERSION } from "./version.js";

/**
 * Runs the `openclaw` CLI on `argv` (without `node` and the script) and resolves with the exit
 * status. Never throws and never prints a stack trace: errors are rendered with their code and hint.
 */
export async function runCli(argv: string[], options: Partial<CliContextOptions> = {}): Promise<number> {
  const ctx = createCliContext({ version: CLI_VERSION, ...options });
  let exitCode = EXIT_OK;
  const run: Runner = async (task) => {
    try {
      const status = await task();
      if (typeof status === "number") exitCode = status;
    } catch (error) {
      exitCode = exitCodeFor(error);
      ctx.printErr(renderError(error));
    }
  };
  const first = argv[0];
  if (first !== undefined && !first.startsWith("-") && !CORE_COMMANDS.includes(first)) {
    await run(() => runPluginCommand(ctx, argv));
    return exitCode;
  }
  const wantsHelp = argv.length === 0 || (argv.length === 1 && (first === "--help" || first === "-h"));
  const pluginCommands = wantsHelp ? await pluginCommandDescriptions(ctx) : [];
  let cli = yargs(argv)
    .scriptName("openclaw")
    .version(CLI_VERSION)
    .option("yes", {
      alias: "y",
      type: "boolean",
      global: true,
      describe: "Answer yes to confirmations (e.g. integrity drift)",
    })
    .strict()
    .recommendCommands()
    .wrap(Math.min(100, process.stdout.columns || 80))
    .command("plugins", "Discover, install and toggle plugins", (y) => pluginsCommand(y, ctx, run))
    .command("gateway", "Run the gateway, or call its RPC methods", (y) => gatewayCommand(y, ctx, run))
    .command("config", "Get, set and unset config values, validate the config, print its schema", (y) =>
      configCommand(y, ctx, run),
    )
    .command("hooks", "List the hooks of the running gateway", (y) => hooksCommand(y, ctx, run))
    .command("agent", "Run one agent turn in the running gateway", agentOptions, (argv) =>
      runAgentCommand(argv, ctx, run),
    )
    .command("sessions", "List, show or reset agent sessions", (y) => sessionsCommand(y, ctx, run))
    .command("models", "List models, check the default, log in to providers", (y) =>
      modelsCommand(y, ctx, run),
    )
    .command("skills", "List the skills offered to the agent", (y) => skillsCommand(y, ctx, run));
  for (const { name, description } of pluginCommands) cli = cli.command(name, description);
  await cli
    .demandCommand(1, "Choose a command.")
    .epilogue("State dir: $OPENCLAW_STATE_DIR or ~/.openclaw. Docs: docs/cli.md")
    .fail((message, error) => {
      if (error) throw error;
      exitCode = EXIT_USAGE;
      ctx.printErr(renderError(new OpenClawError("CLI_USAGE", message, { hint: "Run `openclaw --help`." })));
    })
    .exitProcess(false)
    .parseAsync();
  return exitCode;
}

async function pluginCommandDescriptions(
  ctx: CliContext,
): Promise<Array<{ name: string; description: string }>> {
  try {
    const { registrars } = await loadPluginCli(ctx);
    return registrars.flatMap((r) =>
      r.commands.map((name) => ({
        name,
        description:
          r.descriptors.find((d) => d.name === name)?.description ?? `Command from plugin ${r.pluginId}`,
      })),
    );
  } catch {
    return [];
  }
}
