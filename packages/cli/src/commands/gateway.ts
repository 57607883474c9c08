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

/**
 * `--port` as a TCP port (0 = any free port), checked while parsing so a bad value never loads a plugin.
 * @throws {@link OpenClawError} `CLI_USAGE` for anything but an integer from 0 to 65535.
 */
export function parsePort(raw: unknown): number | undefined {
  if (raw === undefined) return undefined;
  const text = String(raw).trim();
  const port = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(port) || port > 65_535) {
    throw new OpenClawError(
      "CLI_USAGE",
      `--port must be an integer from 0 to 65535 (got ${JSON.stringify(raw)})`,
      {
        hint: "Example: openclaw gateway --port 18789",
      },
    );
  }
  return port;
}

/** Whether `bind` accepts connections from other machines (anything but loopback). */
export function isExposedBind(bind: string): boolean {
  return !(bind === "localhost" || bind === "::1" || /^127\./.test(bind) || bind === "::ffff:127.0.0.1");
}

interface StartedGateway {
  url: string;
  bind: string;
  port: number;
  stateDir: string;
  plugins: { loaded: string[]; failed: Array<{ id: string; code?: string }> };
}

/** Warns on stderr (also with `--json`) when the gateway accepts connections from other machines. */
function warnIfExposed(ctx: CliContext, g: StartedGateway): void {
  if (!isExposedBind(g.bind)) return;
  ctx.printErr(
    ctx.errColors.yellow(
      `warning: bound to ${g.bind}, so other machines can reach port ${g.port}. RPC and gateway-auth routes need the token in ${g.stateDir}/gateway/token; routes with auth "plugin" (webhooks) are public. Bind 127.0.0.1 unless you mean this.`,
    ),
  );
}

function announce(ctx: CliContext, g: StartedGateway): void {
  if (ctx.json) ctx.print(JSON.stringify({ ok: true, ...g }));
  else {
    const c = ctx.colors;
    const all = g.bind === "0.0.0.0" || g.bind === "::";
    const where = `${g.bind}:${g.port}${all ? " (every interface)" : ""}`;
    ctx.print(`${c.green("OpenClaw gateway listening on")} ${c.bold(where)}; local URL ${g.url}`);
    const failed = g.plugins.failed.map((p) => `${p.id} (${p.code})`).join(", ");
    const loaded = g.plugins.loaded.join(", ") || "none";
    ctx.print(`Plugins: ${loaded} loaded${failed ? `; ${c.red(`failed: ${failed}`)}` : ""}`);
    ctx.print(`State dir: ${g.stateDir}`);
    ctx.print(`Control UI: ${g.url}/ (log in with the token in ${g.stateDir}/gateway/token)`);
  }
  warnIfExposed(ctx, g);
}

/** Runs the gateway in the foreground until SIGINT/SIGTERM. */
async function runGateway(ctx: CliContext, options: { port?: number; bind?: string }): Promise<void> {
  const { startGateway } = await import("@openclaw/gateway");
  const { createHostLogger } = await import("@openclaw/plugin-loader");
  const format = ctx.logFormat ?? (process.stderr.isTTY ? "pretty" : "json");
  const logger = createHostLogger({
    level: ctx.env.OPENCLAW_LOG_LEVEL ?? "info",
    format,
    colorize: format === "pretty" && ctx.errColors.isColorSupported,
  });
  const handle = await startGateway({ version: ctx.version, env: ctx.env, logger, ...options });
  const plugins = handle.registry.listPlugins();
  announce(ctx, {
    url: handle.url,
    bind: handle.bind,
    port: Number(new URL(handle.url).port),
    stateDir: handle.stateDir,
    plugins: {
      loaded: plugins.filter((p) => p.status === "loaded").map((p) => p.id),
      failed: plugins
        .filter((p) => p.status === "error")
        .map((p) => ({ id: p.id, ...(p.error ? { code: p.error.code } : {}) })),
    },
  });
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      void handle.close(signal).then(resolve);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  if (!ctx.json) ctx.print("Gateway stopped.");
}

/** Registers `openclaw gateway` (run the server) and `openclaw gateway call <method>`. */
export function gatewayCommand(yargs: Argv, ctx: CliContext, run: Runner): Argv {
  return yargs
    .command(
      "$0",
      "Run the gateway in the foreground (Ctrl-C stops it)",
      (y) =>
        y
          .option("port", {
            type: "string",
            coerce: parsePort,
            describe: "TCP port (default gateway.port or 18789)",
          })
          .option("bind", { type: "string", describe: "Bind address (default 127.0.0.1)" }),
      (argv) =>
        run(() =>
          runGateway(ctx, {
            ...(argv.port === undefined ? {} : { port: argv.port as unknown as number }),
            ...(argv.bind === undefined ? {} : { bind: argv.bind }),
          }),
        ),
    )
    .command(
      "call <method>",
      "Call a gateway RPC method and print its payload as JSON",
      (y) =>
        y
          .positional("method", { type: "string", demandOption: true })
          .option("params", { type: "string", describe: "Params as a JSON object" })
          .option("timeout", {
            type: "number",
            describe:
              "How long to wait for the answer, in ms (default 30000; a tool call may wait for an approval)",
          }),
      (argv) =>
        run(async () => {
          const timeout = typeof argv.timeout === "number" && argv.timeout > 0 ? argv.timeout : undefined;
          const payload = await ctx.callGateway(String(argv.method), parseParams(argv.params), timeout);
          ctx.print(JSON.stringify(payload ?? null, null, 2));
        }),
    );
}
