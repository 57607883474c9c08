import type { Argv } from "yargs";
import type { CliContext } from "../cli-context.js";
import type { Runner } from "../runner.js";
import { COMPLETION_SHELLS, type CompletionShell, completionScript } from "../shell/completion-scripts.js";

/**
 * Registers `openclaw completion [bash|zsh|fish]`: prints a static completion script for every core
 * command and every enabled plugin's commands, so pressing Tab never loads a plugin. Rerun it after
 * installing or enabling a plugin.
 */
export function completionCommand(yargs: Argv, ctx: CliContext, run: Runner): Argv {
  return yargs.command(
    "$0 [shell]",
    "Print a shell completion script (bash, zsh, fish) covering plugin commands too",
    (y) => y.positional("shell", { choices: COMPLETION_SHELLS, default: "bash" as CompletionShell }),
    (argv) =>
      run(async () => {
        const { describeCommandTree } = await import("../shell/command-tree.js");
        const tree = await describeCommandTree(ctx);
        const script = completionScript(argv.shell as CompletionShell, tree);
        ctx.print(ctx.json ? JSON.stringify({ shell: argv.shell, script, commands: tree }, null, 2) : script);
      }),
  );
}
