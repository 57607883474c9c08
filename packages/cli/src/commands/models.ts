import type { Argv } from "yargs";
import type { CliContext } from "../cli-context.js";
import { loginProvider } from "../models-auth.js";
import { formatModelsStatus, type ModelsStatus } from "../models-status.js";
import type { Runner } from "../runner.js";

interface ModelsList {
  defaultModel: string;
  providers: Array<{
    id: string;
    source: string;
    pluginId?: string;
    api: string;
    baseUrl: string | null;
    auth: string;
    models: Array<{ ref: string; name?: string }>;
  }>;
}

/** Registers `openclaw models list|status|auth login`. */
export function modelsCommand(yargs: Argv, ctx: CliContext, run: Runner): Argv {
  const json = (y: Argv) => y.option("json", { type: "boolean", default: false, describe: "Print JSON" });
  return yargs
    .command(
      "list",
      "List model providers and models the gateway knows (config, provider plugins, mock)",
      json,
      (argv) =>
        run(async () => {
          const list = await ctx.callGateway<ModelsList>("models.list");
          if (argv.json) return void ctx.print(JSON.stringify(list, null, 2));
          ctx.print(`default: ${list.defaultModel}`);
          for (const p of list.providers) {
            ctx.print(
              `${p.id} (${p.source}${p.pluginId ? ` ${p.pluginId}` : ""}) api=${p.api} auth=${p.auth}${p.baseUrl ? ` ${p.baseUrl}` : ""}`,
            );
            for (const m of p.models) ctx.print(`  ${m.ref}${m.name ? `  ${m.name}` : ""}`);
          }
        }),
    )
    .command(
      "status",
      "Check the default model, and each provider's credential source and expiry",
      json,
      (argv) =>
        run(async () => {
          const status = await ctx.callGateway<ModelsStatus>("models.status");
          if (argv.json) return void ctx.print(JSON.stringify(status, null, 2));
          for (const line of formatModelsStatus(status)) ctx.print(line);
          return status.ok ? 0 : 1;
        }),
    )
    .command("auth", "Log in to a model provider", (y) =>
      y
        .command(
          "login",
          "Run a provider plugin's auth method and store its credentials",
          (yy) =>
            yy
              .option("provider", { type: "string", demandOption: true, describe: "Provider id" })
              .option("method", { type: "string", describe: "Auth method id (default the first)" })
              .option("set-default", {
                type: "boolean",
                default: false,
                describe: "Make the returned model the default",
              })
              .option("json", { type: "boolean", default: false, describe: "Print JSON" }),
          (argv) =>
            run(async () => {
              const outcome = await loginProvider(ctx, {
                provider: argv.provider,
                ...(argv.method ? { method: argv.method } : {}),
                setDefault: argv["set-default"],
              });
              if (argv.json) return void ctx.print(JSON.stringify(outcome, null, 2));
              ctx.print(
                `Logged in to ${outcome.provider} (${outcome.method}): ${outcome.profiles.join(", ") || "no profiles"} stored in ${outcome.authProfilesPath}.`,
              );
              if (outcome.defaultModel) ctx.print(`Default model: ${outcome.defaultModel}`);
              for (const note of outcome.notes) ctx.print(note);
              ctx.print("Restart the gateway (or reload the provider's plugin) to use the new credentials.");
            }),
        )
        .demandCommand(1, "Choose: models auth login"),
    )
    .demandCommand(1, "Choose a models subcommand: list, status, auth");
}
