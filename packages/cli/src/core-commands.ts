import type { Argv } from "yargs";
import type { CliContext } from "./cli-context.js";
import { completionCommand } from "./commands/completion.js";
import { configCommand } from "./commands/config.js";
import { gatewayCommand } from "./commands/gateway.js";
import { hooksCommand } from "./commands/hooks.js";
import { pluginsCommand } from "./commands/plugins.js";
import type { Runner } from "./runner.js";

/**
 * One top-level core command: its name, its one-line description for `openclaw --help`, and the
 * function that declares its subcommands and options on yargs (handlers call `run(task)`).
 */
export interface CoreCommand {
  name: string;
  describe: string;
  build(yargs: Argv, ctx: CliContext, run: Runner): Argv;
}

/**
 * Every core command, in help order. To add one, write `commands/<name>.ts` exporting a
 * `(yargs, ctx, run) => Argv` builder and add ONE line here; the shell gives it `-h`/`--help`,
 * `help <name>`, `--json` errors, strict parsing, exit codes and completion.
 */
export const CORE_COMMAND_TABLE: readonly CoreCommand[] = [
  { name: "plugins", describe: "Discover, install, scaffold and toggle plugins", build: pluginsCommand },
  { name: "gateway", describe: "Run the gateway, or call its RPC methods", build: gatewayCommand },
  { name: "config", describe: "Validate the config file, or print its JSON Schema", build: configCommand },
  { name: "hooks", describe: "List the hooks of the running gateway", build: hooksCommand },
  {
    name: "completion",
    describe: "Print a shell completion script (bash, zsh, fish)",
    build: completionCommand,
  },
];

/** Top-level commands owned by core; plugins cannot take these names. */
export const CORE_COMMANDS: readonly string[] = [...CORE_COMMAND_TABLE.map((c) => c.name), "help"];
