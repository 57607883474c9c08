import { OpenClawError } from "@openclaw/plugin-sdk/core";
import yargs, { type Argv } from "yargs";
import type { CliContext } from "../cli-context.js";
import { CORE_COMMAND_TABLE } from "../core-commands.js";
import type { Runner } from "../runner.js";

/** A plugin command as listed in `openclaw --help`. */
export interface ListedCommand {
  name: string;
  description: string;
}

/** Options every command accepts, declared once on the root so each subcommand inherits them. */
export function withGlobalOptions(cli: Argv): Argv {
  return cli
    .option("json", {
      type: "boolean",
      global: true,
      describe: "Print JSON on stdout (errors too: { ok: false, error })",
    })
    .option("yes", {
      alias: "y",
      type: "boolean",
      global: true,
      describe: "Answer yes to confirmations (e.g. integrity drift)",
    })
    .option("color", { type: "boolean", global: true, describe: "Colour output (default: on a terminal)" })
    .option("log-format", {
      choices: ["json", "pretty"],
      global: true,
      describe: "Gateway log lines (default: pretty on a terminal, JSON otherwise)",
    })
    .help()
    .alias("help", "h");
}

/**
 * The yargs program of the core commands. `plugins` adds plugin commands to the listing only
 * (they are parsed by {@link runPluginCommand}).
 */
export function buildCoreCli(ctx: CliContext, run: Runner, plugins: readonly ListedCommand[] = []): Argv {
  let cli = withGlobalOptions(yargs().scriptName("openclaw").version(ctx.version))
    .strict()
    .recommendCommands()
    .wrap(Math.min(100, process.stdout.columns || 80));
  for (const command of CORE_COMMAND_TABLE) {
    cli = cli.command(command.name, command.describe, (y) => command.build(y, ctx, run));
  }
  for (const { name, description } of plugins) cli = cli.command(name, description);
  return cli
    .demandCommand(1, "Choose a command.")
    .epilogue("State dir: $OPENCLAW_STATE_DIR or ~/.openclaw. Docs: docs/cli.md");
}

/**
 * Parses `argv` with the core commands and only then runs the chosen command's body, so a usage
 * error never follows a side effect. Help and version text go through `ctx.print`.
 * @returns the command body to run, or the usage error; `undefined` when help or the version was printed.
 */
export async function parseCoreCommand(
  ctx: CliContext,
  argv: string[],
  plugins: readonly ListedCommand[] = [],
): Promise<{ task?: () => Promise<unknown>; usageError?: OpenClawError }> {
  const tasks: Array<() => Promise<unknown>> = [];
  let usageError: OpenClawError | undefined;
  const cli = buildCoreCli(
    ctx,
    async (task) => {
      tasks.push(task);
    },
    plugins,
  ).fail((message, error) => {
    usageError ??=
      error instanceof OpenClawError
        ? error
        : new OpenClawError(
            "CLI_USAGE",
            tidyUsageMessage(message ?? error?.message ?? "invalid command line", argv),
            {
              hint: `Run \`openclaw ${commandPath(argv)}--help\`.`,
            },
          );
  });
  let output = "";
  await cli.parseAsync(argv, {}, (_error, _argv, text) => {
    output = text;
  });
  if (usageError) return { usageError };
  if (output) ctx.print(output);
  const task = tasks[0];
  return task ? { task } : {};
}

/**
 * yargs names an unknown `--keep-confg` twice (`keep-confg, keepConfg`); keep the spelling the user typed.
 */
export function tidyUsageMessage(message: string, argv: readonly string[]): string {
  const match = /^(Unknown arguments?): (.*)$/.exec(message);
  if (!match) return message;
  const names = (match[2] as string).split(", ");
  const kept = names.filter(
    (n) => !(/[A-Z]/.test(n) && names.includes(n.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`))),
  );
  return `${kept.length === 1 ? "Unknown argument" : "Unknown arguments"}: ${kept.map((n) => asTyped(n, argv)).join(", ")}`;
}

/** `name` as it appears in `argv`: `--name`, `-n`, or a bare word. */
function asTyped(name: string, argv: readonly string[]): string {
  const flag = name.length === 1 ? `-${name}` : `--${name}`;
  return argv.some((a) => a === flag || a.startsWith(`${flag}=`)) ? flag : name;
}

/** The command words of `argv` (up to two, before the first flag), for a hint such as `openclaw plugins install --help`. */
function commandPath(argv: readonly string[]): string {
  const words: string[] = [];
  for (const arg of argv) {
    if (arg.startsWith("-") || words.length === 2) break;
    words.push(arg);
  }
  return words.length > 0 && CORE_COMMAND_TABLE.some((c) => c.name === words[0]) ? `${words.join(" ")} ` : "";
}
