import type { Argv } from "yargs";
import type { CliContext } from "../cli-context.js";
import type { Runner } from "../runner.js";
import { readControlPlaneSkills } from "../skills-report.js";

/** Registers `openclaw skills list [--json]` (reads manifests and SKILL.md files; runs no plugin code). */
export function skillsCommand(yargs: Argv, ctx: CliContext, run: Runner): Argv {
  return yargs
    .command(
      "list",
      "List the skills of enabled plugins, the workspace and the state dir",
      (y) => y.option("json", { type: "boolean", default: false, describe: "Print JSON" }),
      (argv) =>
        run(async () => {
          const { skills, problems } = await readControlPlaneSkills(ctx);
          if (argv.json) return void ctx.print(JSON.stringify({ skills, problems }, null, 2));
          if (skills.length === 0) ctx.print("No skills found.");
          for (const s of skills) {
            const owner = s.pluginId ? `plugin:${s.pluginId}` : s.source;
            const state = s.eligible ? "" : `  (not offered: ${s.ineligibleReason})`;
            ctx.print(`${s.name.padEnd(24)} ${owner.padEnd(22)} ${s.description}${state}`);
          }
          for (const p of problems) ctx.printErr(`warn: ${p.file}: ${p.message}`);
        }),
    )
    .demandCommand(1, "Choose a skills subcommand: list");
}
