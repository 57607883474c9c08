import { OpenClawError } from "@openclaw/plugin-sdk/core";
import type { Argv } from "yargs";
import type { CliContext } from "../cli-context.js";
import type { Runner } from "../runner.js";

interface HookListing {
  name: string;
  kind: "legacy" | "typed";
  source: string;
  pluginId: string;
  events?: string[];
  priority?: number;
  description?: string;
}

/** Registers `openclaw hooks list|enable|disable` (reads the running gateway). */
export function hooksCommand(yargs: Argv, ctx: CliContext, run: Runner): Argv {
  const toggle = (enable: boolean) => async (name: string) => {
    const { hooks } = await ctx.callGateway<{ hooks: HookListing[] }>("hooks.list");
    const hook = hooks.find((h) => h.name === name);
    if (!hook)
      throw new OpenClawError("PLUGIN_NOT_FOUND", `no hook named ${name}`, {
        hint: "Run `openclaw hooks list`.",
      });
    throw new OpenClawError(
      "CLI_USAGE",
      `hook ${name} is managed by ${hook.source} and cannot be ${enable ? "enabled" : "disabled"} here`,
      {
        hint: `Run \`openclaw plugins ${enable ? "enable" : "disable"} ${hook.pluginId}\` instead.`,
      },
    );
  };
  return yargs
    .command(
      "list",
      "List the hooks the running gateway has (plugin hooks show as plugin:<id>)",
      (y) => y.option("json", { type: "boolean", default: false, describe: "Print JSON" }),
      (argv) =>
        run(async () => {
          const { hooks } = await ctx.callGateway<{ hooks: HookListing[] }>("hooks.list");
          if (argv.json) {
            ctx.print(JSON.stringify({ hooks }, null, 2));
            return;
          }
          if (hooks.length === 0) ctx.print("No hooks registered.");
          for (const h of hooks) {
            const detail =
              h.kind === "legacy" ? `events: ${(h.events ?? []).join(", ")}` : `priority ${h.priority ?? 0}`;
            ctx.print(`${h.name.padEnd(28)} ${h.kind.padEnd(7)} ${h.source.padEnd(24)} ${detail}`.trimEnd());
          }
        }),
    )
    .command(
      "enable <name>",
      "Enable a hook (plugin hooks follow their plugin)",
      (y) => y.positional("name", { type: "string", demandOption: true }),
      (argv) => run(() => toggle(true)(String(argv.name))),
    )
    .command(
      "disable <name>",
      "Disable a hook (plugin hooks follow their plugin)",
      (y) => y.positional("name", { type: "string", demandOption: true }),
      (argv) => run(() => toggle(false)(String(argv.name))),
    )
    .demandCommand(1, "Choose a hooks subcommand: list, enable, disable");
}
