import type { Command } from "commander";
import yargs, { type Argv } from "yargs";
import type { CliContext } from "../cli-context.js";
import { CORE_COMMAND_TABLE } from "../core-commands.js";
import { createPluginProgram, loadPluginCli, pluginCliContext } from "../plugin-commands.js";
import { withGlobalOptions } from "./core-cli.js";

/** One command of the CLI as completion sees it: its words, flags and subcommands. */
export interface CommandNode {
  name: string;
  description: string;
  /** Flags with their dashes (`--json`, `-l`). */
  options: string[];
  children: CommandNode[];
}

interface YargsCommandHandler {
  original: string;
  description: string | false;
  builder: unknown;
}

/** yargs keeps its command table internal; this is the part of it we read (yargs 17 and 18). */
interface YargsInternals {
  getInternalMethods(): {
    getCommandInstance(): { getCommandHandlers(): Record<string, YargsCommandHandler> };
  };
  getOptions(): { key: Record<string, unknown>; alias: Record<string, string[]> };
}

function flagsOf(cli: Argv): string[] {
  const { key, alias } = (cli as unknown as YargsInternals).getOptions();
  const names = new Set<string>();
  for (const name of [...Object.keys(key), ...Object.values(alias).flat()]) {
    if (/[A-Z]/.test(name) || name === "version") continue;
    names.add(name.length === 1 ? `-${name}` : `--${name}`);
  }
  return [...names].sort();
}

/** Describes a yargs command by running its builder on a fresh yargs (builders only declare). */
function describeYargs(name: string, description: string, build: (cli: Argv) => unknown): CommandNode {
  const cli = withGlobalOptions(yargs());
  build(cli);
  const handlers = (cli as unknown as YargsInternals)
    .getInternalMethods()
    .getCommandInstance()
    .getCommandHandlers();
  const node: CommandNode = { name, description, options: flagsOf(cli), children: [] };
  for (const handler of Object.values(handlers)) {
    const word = handler.original.split(" ")[0] as string;
    const builder = handler.builder;
    const child = describeYargs(word, handler.description || "", (y) =>
      typeof builder === "function" ? builder(y) : y.options((builder ?? {}) as Record<string, never>),
    );
    if (word === "$0") node.options = [...new Set([...node.options, ...child.options])].sort();
    else node.children.push(child);
  }
  return node;
}

function flagsOfCommander(command: Command): string[] {
  return command.options.flatMap((o) => [o.short, o.long].filter((f): f is string => !!f));
}

/** A commander command; `inherited` are its ancestors' flags, which commander accepts after it too. */
function describeCommander(command: Command, inherited: string[]): CommandNode {
  const options = [...new Set([...flagsOfCommander(command), ...inherited, "--help", "-h"])].sort();
  return {
    name: command.name(),
    description: command.description(),
    options,
    children: command.commands.map((child) => describeCommander(child, options)),
  };
}

/**
 * The whole command tree: core commands (from their yargs builders) and the commands of every
 * enabled plugin (their registrars run on a throwaway commander program; no gateway is called).
 * A plugin whose registrar throws is left out.
 */
export async function describeCommandTree(ctx: CliContext): Promise<CommandNode> {
  const root = describeYargs("openclaw", "", (y) => y);
  for (const command of CORE_COMMAND_TABLE) {
    root.children.push(
      describeYargs(command.name, command.describe, (y) => command.build(y, ctx, async () => {})),
    );
  }
  root.children.push({ name: "help", description: "Show help for a command", options: [], children: [] });
  const { registrars } = await loadPluginCli(ctx).catch(() => ({ registrars: [] }));
  for (const registrar of registrars) {
    const program = await createPluginProgram(ctx);
    try {
      await registrar.registrar(pluginCliContext(ctx, program, registrar.pluginId));
    } catch {
      continue;
    }
    root.children.push(...program.commands.map((c) => describeCommander(c, flagsOfCommander(program))));
  }
  return root;
}
