import { type CliContext, type CliContextOptions, createCliContext } from "./cli-context.js";
import { CORE_COMMANDS } from "./core-commands.js";
import { loadPluginCli, runPluginCommand } from "./plugin-commands.js";
import { EXIT_OK, exitCodeFor, renderError, renderErrorJson } from "./render-error.js";
import { type ListedCommand, parseCoreCommand } from "./shell/core-cli.js";
import { readGlobalFlags, routeArgv } from "./shell/global-flags.js";
import { CLI_VERSION } from "./version.js";

/**
 * Runs the `openclaw` CLI on `argv` (without `node` and the script) and resolves with the exit
 * status. Never throws and never prints a stack trace: errors are rendered with their code and hint
 * (`error [CODE]: …` on stderr, or `{ ok: false, error }` on stdout with `--json`). Core commands
 * (yargs) and plugin commands (commander) share the flags, help, error rendering and exit statuses.
 */
export async function runCli(argv: string[], options: Partial<CliContextOptions> = {}): Promise<number> {
  const ctx = createCliContext({ version: CLI_VERSION, flags: readGlobalFlags(argv), ...options });
  const route = routeArgv(argv, CORE_COMMANDS);
  if (route.kind === "plugin") return runTask(ctx, () => runPluginCommand(ctx, route.argv));
  const listed = route.kind === "help" ? await pluginCommandListing(ctx) : [];
  const parsed = await parseCoreCommand(ctx, route.kind === "help" ? ["--help"] : route.argv, listed);
  if (parsed.usageError) return reportError(ctx, parsed.usageError);
  return parsed.task ? runTask(ctx, parsed.task) : EXIT_OK;
}

/** Runs a command body: a resolved number is the exit status, a thrown error is rendered. */
async function runTask(ctx: CliContext, task: () => Promise<unknown>): Promise<number> {
  try {
    const status = await task();
    return typeof status === "number" ? status : EXIT_OK;
  } catch (error) {
    return reportError(ctx, error);
  }
}

/** Prints `error` the way the user asked (JSON on stdout, or text on stderr); returns its exit status. */
function reportError(ctx: CliContext, error: unknown): number {
  if (ctx.json) ctx.print(renderErrorJson(error));
  else ctx.printErr(renderError(error, ctx.env.OPENCLAW_DEBUG === "1", ctx.errColors));
  return exitCodeFor(error);
}

/** Plugin commands for `openclaw --help`; a broken plugin only leaves its commands out. */
async function pluginCommandListing(ctx: CliContext): Promise<ListedCommand[]> {
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
