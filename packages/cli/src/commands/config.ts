import { existsSync } from "node:fs";
import { buildConfigSchema, validateConfig } from "@openclaw/plugin-loader";
import { OpenClawError } from "@openclaw/plugin-sdk/core";
import type { Argv } from "yargs";
import type { CliContext } from "../cli-context.js";
import { formatIssues } from "../format-issues.js";
import { readControlPlane } from "../plugin-report.js";
import type { Runner } from "../runner.js";
import { configEditCommands } from "./config-edit.js";

/**
 * `config validate`: strict validation of the config file; resolves with the exit status.
 * @throws {@link OpenClawError} `CONFIG_NOT_FOUND` when there is no config file (nothing was validated).
 */
export async function validateConfigFile(ctx: CliContext): Promise<number> {
  if (!existsSync(ctx.configPath)) {
    throw new OpenClawError(
      "CONFIG_NOT_FOUND",
      `no config file at ${ctx.configPath}; nothing was validated`,
      {
        hint: "openclaw runs on defaults without one. Create it (for example `openclaw plugins enable <id>` writes it), or point OPENCLAW_CONFIG_PATH / OPENCLAW_STATE_DIR at yours.",
      },
    );
  }
  const result = validateConfig(await readControlPlane(ctx));
  if (ctx.json) {
    ctx.print(JSON.stringify({ configPath: ctx.configPath, ...result }, null, 2));
    return result.ok ? 0 : 1;
  }
  const all = [...result.errors, ...result.warnings];
  if (all.length > 0) ctx.print(formatIssues(all));
  const warnings = result.warnings.length ? ` (${result.warnings.length} warning(s))` : "";
  ctx.print(
    result.ok
      ? `${ctx.colors.green("Config valid")}: ${ctx.configPath}${warnings}`
      : `${ctx.colors.red("Config invalid")}: ${ctx.configPath} (${result.errors.length} error(s))`,
  );
  return result.ok ? 0 : 1;
}

/** Registers `openclaw config get|set|unset|validate|schema`. */
export function configCommand(yargs: Argv, ctx: CliContext, run: Runner): Argv {
  return configEditCommands(yargs, ctx, run)
    .command(
      "validate",
      "Check the config file against the config schema and every plugin manifest",
      (y) => y,
      () => run(() => validateConfigFile(ctx)),
    )
    .command(
      "schema",
      "Print the config JSON Schema, with every plugin's schema and uiHints merged in (always JSON)",
      (y) => y,
      () =>
        run(async () => {
          ctx.print(JSON.stringify(buildConfigSchema(await readControlPlane(ctx)), null, 2));
          return 0;
        }),
    )
    .demandCommand(1, "Choose a config subcommand: get, set, unset, validate, schema");
}
