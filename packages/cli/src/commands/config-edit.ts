import {
  type ConfigPathIssue,
  getAtPath,
  parseConfigPath,
  parseConfigValue,
  patchConfig,
  readConfigFile,
} from "@openclaw/plugin-loader";
import { isOpenClawError, OpenClawError } from "@openclaw/plugin-sdk/core";
import type { Argv } from "yargs";
import type { CliContext } from "../cli-context.js";
import type { Runner } from "../runner.js";

function reloadHint(ids: string[]): string {
  if (ids.length === 0) return "Restart the gateway to apply.";
  return `Restart the gateway, or run ${ids.map((id) => `\`openclaw plugins reload ${id}\``).join(", ")} to apply.`;
}

function printIssues(ctx: CliContext, error: unknown): void {
  // With --json the issues are in the error's `details`, which the shell prints.
  if (ctx.json || !isOpenClawError(error) || error.code !== "CONFIG_INVALID") return;
  const issues = (error.details as { issues?: ConfigPathIssue[] } | undefined)?.issues ?? [];
  for (const issue of issues) ctx.printErr(`  ${issue.path}: ${issue.message}`);
}

/** `config get <path> [--json]`: prints the value at a dotted path of the config file. */
async function getValue(ctx: CliContext, path: string, json: boolean): Promise<void> {
  const segments = parseConfigPath(path);
  const value = getAtPath((await readConfigFile(ctx.configPath)).config, segments);
  if (value === undefined) {
    throw new OpenClawError("CONFIG_PATH_NOT_FOUND", `${path} is not set in ${ctx.configPath}`, {
      hint: "Run `openclaw config schema` to see the keys the config accepts.",
    });
  }
  if (json) ctx.print(JSON.stringify(value, null, 2));
  else ctx.print(typeof value === "string" ? value : JSON.stringify(value, null, 2));
}

/** `config set|unset`: one patch through the same code path as RPC `config.patch`. */
async function patchValue(
  ctx: CliContext,
  request: { set?: Array<{ path: string; value: unknown }>; unset?: string[] },
  done: string,
): Promise<void> {
  try {
    const result = await patchConfig({ configPath: ctx.configPath, env: ctx.env }, request);
    if (ctx.json) {
      const { changed, touchedPluginIds } = result;
      ctx.print(JSON.stringify({ ok: true, changed, touchedPluginIds, configPath: ctx.configPath }, null, 2));
      return;
    }
    ctx.print(result.changed ? `${done}. ${reloadHint(result.touchedPluginIds)}` : `${done} (no change).`);
  } catch (error) {
    printIssues(ctx, error);
    throw error;
  }
}

/**
 * Adds `config get <path> [--json]`, `config set <path> <value>` and `config unset <path>` to the
 * `config` command. Writes go through the config lock, keep comments and formatting, and are
 * validated like RPC `config.patch` (a change that adds a config error is refused, naming each path).
 */
export function configEditCommands(yargs: Argv, ctx: CliContext, run: Runner): Argv {
  return yargs
    .command(
      "get <path>",
      "Print the value at a dotted config path (e.g. plugins.entries.voice-call.config.fromNumber)",
      (y) =>
        y
          .positional("path", { type: "string", demandOption: true })
          .option("json", { type: "boolean", default: false, describe: "Print JSON" }),
      (argv) => run(() => getValue(ctx, String(argv.path), argv.json || ctx.json)),
    )
    .command(
      "set <path> <value>",
      "Set a config value (parsed as JSON5, else taken as a string); comments in the file are kept",
      (y) =>
        y
          .positional("path", { type: "string", demandOption: true })
          .positional("value", { type: "string", demandOption: true }),
      (argv) =>
        run(() =>
          patchValue(
            ctx,
            { set: [{ path: String(argv.path), value: parseConfigValue(String(argv.value)) }] },
            `Set ${String(argv.path)}`,
          ),
        ),
    )
    .command(
      "unset <path>",
      "Remove a config key; comments elsewhere in the file are kept",
      (y) => y.positional("path", { type: "string", demandOption: true }),
      (argv) => run(() => patchValue(ctx, { unset: [String(argv.path)] }, `Unset ${String(argv.path)}`)),
    );
}
