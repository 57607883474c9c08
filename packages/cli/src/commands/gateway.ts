import { OpenClawError } from "@openclaw/plugin-sdk/core";
import type { Argv } from "yargs";
import type { CliContext } from "../cli-context.js";
import type { Runner } from "../runner.js";

function parseParams(raw: string | undefined): Record<string, unknown> {
  if (raw === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new OpenClawError("CLI_USAGE", "--params must be a JSON object", {
      hint: `Example: --params '{"callId":"…"}'`,
    });
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new OpenClawError("CLI_USAGE", "--params must be a JSON object");
  }
  return value as Record<string, unknown>;
}

/** Registers `openclaw gateway` (run the server) and `openclaw gateway call <method>`. */
export function gatewayCommand(yargs: Argv, ctx: CliContext, run: Runner): Argv {
  return yargs
    .command(
      "$0",
      "Run the gateway in the foreground (Ctrl-C stops it)",
      (y) =>
        y
          .option("port", { type: "number", describe: "TCP port (default gateway.port or 18789)" })
          .option("bind", { type: "string", describe: "Bind address (default 127.0.0.1)" }),
      (argv) =>
        run(async () => {
          const { startGateway } = await import("@openclaw/gateway");
          const { createHostLogger } = await import("@openclaw/plugin-loader");
          const logger = createHostLogger({ level: ctx.env.OPENCLAW_LOG_LEVEL ?? "info" });
          const handle = await startGateway({
            version: ctx.version,
            env: ctx.env,
            logger,
            ...(argv.port === undefined ? {} : { port: argv.port }),
            ...(argv.bind === undefined ? {} : { bind: argv.bind }),
          });
          const plugins = handle.registry.listPlugins();
          ctx.print(`OpenClaw gateway listening on ${handle.url}`);
          ctx.print(
            `Plugins: ${
              plugins
                .filter((p) => p.status === "loaded")
                .map((p) => p.id)
                .join(", ") || "none"
            } loaded` +
              (plugins.some((p) => p.status === "error")
                ? `; failed: ${plugins
                    .filter((p) => p.status === "error")
                    .map((p) => `${p.id} (${p.error?.code})`)
                    .join(", ")}`
                : ""),
          );
          ctx.print(`State dir: ${handle.stateDir}`);
          ctx.print(`Control UI: ${handle.url}/ (log in with the token in ${handle.stateDir}/gateway/token)`);
          await new Promise<void>((resolve) => {
            const stop = (signal: NodeJS.Signals): void => {
              process.off("SIGINT", stop);
              process.off("SIGTERM", stop);
              void handle.close(signal).then(resolve);
            };
            process.on("SIGINT", stop);
            process.on("SIGTERM", stop);
          });
          ctx.print("Gateway stopped.");
        }),
    )
    .command(
      "call <method>",
      "Call a gateway RPC method and print its payload as JSON",
      (y) =>
        y
          .positional("method", { type: "string", demandOption: true })
          .option("params", { type: "string", describe: "Params as a JSON object" })
          .option("json", { type: "boolean", default: true, describe: "Print JSON (the default)" }),
      (argv) =>
        run(async () => {
          const payload = await ctx.callGateway(String(argv.method), parseParams(argv.params));
          ctx.print(JSON.stringify(payload ?? null, null, 2));
        }),
    );
}
