import { buildConfigSchema, validateConfig } from "@openclaw/plugin-loader";
import type { Argv } from "yargs";
import type { CliContext } from "../cli-context.js";
import { formatIssues } from "../format-issues.js";
import { readControlPlane } from "../plugin-report.js";
import type { Runner } from "../runner.js";
import { configEditCommands } from "./config-edit.js";

/** Registers `openclaw config get|set|unset|validate|schema`. */
export function configCommand(yargs: Argv, ctx: CliContext, run: Runner): Argv {
  return configEditCommands(yargs, ctx, run)
    .command(
      "validate",
      "Check the config file against the config schema and every plugin manifest",
      (y) => y.option("json", { type: "boolean", default: false, describe: "Print JSON" }),
      (argv) =>
        run(async () => {
          const result = validateConfig(await readControlPlane(ctx));
          if (argv.json) ctx.print(JSON.stringify({ configPath: ctx.configPath, ...result }, null, 2));
          else {
            const all = [...result.errors, ...result.warnings];
            if (all.length > 0) ctx.print(formatIssues(all));
            ctx.print(
              result.ok
                ? `Config valid: ${ctx.configPath}${result.warnings.length ? ` (${result.warnings.length} warning(s))` : ""}`
                : `Config invalid: ${ctx.configPath} (${result.errors.length} error(s))`,
            );
          }
          return result.ok ? 0 : 1;
        }),
    )
    .command(
      "schema",
      "Print the config JSON Schema, with every plugin's schema and uiHints merged in",
      (y) => y,
      () =>
        run(async () => {
          ctx.print(JSON.stringify(buildConfigSchema(await readControlPlane(ctx)), null, 2));
          return 0;
        }),
    )
    .demandCommand(1, "Choose a config subcommand: get, set, unset, validate, schema");
}
