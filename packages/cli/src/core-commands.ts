import type { Argv } from "yargs";
import type { CliContext } from "./cli-context.js";
import { type AgentArgs, agentOptions, runAgentCommand } from "./commands/agent.js";
import { approvalsCommand } from "./commands/approvals.js";
import { completionCommand } from "./commands/completion.js";
import { configCommand } from "./commands/config.js";
import { gatewayCommand } from "./commands/gateway.js";
import { hooksCommand } from "./commands/hooks.js";
import { modelsCommand } from "./commands/models.js";
import { pluginsCommand } from "./commands/plugins.js";
import { sessionsCommand } from "./commands/sessions.js";
import { skillsCommand } from "./commands/skills.js";
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
  {
    name: "config",
    describe: "Get, set and unset config values, validate the config, print its schema",
    build: configCommand,
  },
  { name: "hooks", describe: "List the hooks of the running gateway", build: hooksCommand },
  {
    name: "agent",
    describe: "Run one agent turn in the running gateway",
    build: (y, ctx, run) =>
      y.command("$0", "Run one agent turn in the running gateway", agentOptions, (argv) =>
        runAgentCommand(argv as unknown as AgentArgs, ctx, run),
      ),
  },
  { name: "sessions", describe: "List, show or reset agent sessions", build: sessionsCommand },
  {
    name: "approvals",
    describe:
      "List, approve or deny tool calls waiting for a plugin's approval; manage the allow-always allowlist",
    build: approvalsCommand,
  },
  { name: "models", describe: "List models, check the default, log in to providers", build: modelsCommand },
  { name: "skills", describe: "List the skills offered to the agent", build: skillsCommand },
  {
    name: "completion",
    describe: "Print a shell completion script (bash, zsh, fish)",
    build: completionCommand,
  },
];

/** Top-level commands owned by core; plugins cannot take these names. */
export const CORE_COMMANDS: readonly string[] = [...CORE_COMMAND_TABLE.map((c) => c.name), "help"];
