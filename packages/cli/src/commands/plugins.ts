import type { Argv } from "yargs";
import type { CliContext } from "../cli-context.js";
import type { Runner } from "../runner.js";
import { inspectCommands } from "./plugins-inspect-cli.js";
import { manageCommands } from "./plugins-manage-cli.js";

/** A `plugins` subcommand as yargs declares it; `handler` receives the parsed argv of its `builder`. */
export interface PluginsSubcommand {
  command: string;
  describe: string;
  builder(yargs: Argv): Argv;
  /** Typed per subcommand; yargs passes the argv its builder declared. */
  handler(argv: never): Promise<void>;
}

/**
 * Registers `openclaw plugins <list|info|status|reload|why|doctor|catalog|install|update|uninstall|
 * enable|disable|new>`; each subcommand is declared in `plugins-inspect-cli.ts` or `plugins-manage-cli.ts`.
 */
export function pluginsCommand(yargs: Argv, ctx: CliContext, run: Runner): Argv {
  const subcommands = [...inspectCommands(ctx, run), ...manageCommands(ctx, run)];
  let cli = yargs;
  for (const { command, describe, builder, handler } of subcommands) {
    cli = cli.command(command, describe, builder, handler as (argv: unknown) => Promise<void>);
  }
  const names = subcommands.map((s) => s.command.split(" ")[0]).join(", ");
  return cli.demandCommand(1, `Choose a plugins subcommand: ${names}`);
}
