import { Command, CommanderError } from "commander";
import type { PluginCliContext } from "../cli-types.js";
import { OpenClawError } from "../errors/openclaw-error.js";
import type { PluginLogger } from "../logger-types.js";
import type { RecordedRegistrations } from "./recorded-registrations.js";

/** One RPC call a plugin CLI command made. */
export interface RecordedGatewayCall {
  method: string;
  params: Record<string, unknown>;
}

/** Result of running a plugin CLI command line. */
export interface CliRun {
  /** Lines printed with `print` (and commander's own help/version text). */
  output: string[];
  /** Gateway calls the command made, in order. */
  gatewayCalls: RecordedGatewayCall[];
}

/** Options of {@link runPluginCli}. */
export interface RunCliOptions {
  /** Answers `callGateway`; default: the plugin's own registered gateway methods, in process. */
  gateway?: (method: string, params: Record<string, unknown>) => unknown | Promise<unknown>;
  /** `--json` as the host would pass it. */
  json?: boolean;
}

/**
 * Runs `argv` (without `openclaw`) through every CLI registrar the plugin registered, on a commander
 * program configured like the host's (parse errors throw `CLI_USAGE`, output is captured).
 * @throws {@link OpenClawError} `CLI_USAGE` for a usage error; whatever an action throws.
 */
export async function runPluginCli(
  recorded: RecordedRegistrations,
  context: { config: PluginCliContext["config"]; stateDir: string; logger: PluginLogger },
  argv: string[],
  options: RunCliOptions & { gateway: NonNullable<RunCliOptions["gateway"]> },
): Promise<CliRun> {
  const run: CliRun = { output: [], gatewayCalls: [] };
  const program = new Command("openclaw").exitOverride().option("--json").option("-y, --yes");
  program.configureOutput({
    writeOut: (text) => run.output.push(text.replace(/\n$/, "")),
    writeErr: (text) => run.output.push(text.replace(/\n$/, "")),
    outputError: () => {},
  });
  for (const { registrar } of recorded.cli) {
    await registrar({
      program,
      ...context,
      json: options.json ?? false,
      print: (text) => run.output.push(text),
      callGateway: async <T>(method: string, params: Record<string, unknown> = {}) => {
        run.gatewayCalls.push({ method, params });
        return (await options.gateway(method, params)) as T;
      },
    });
  }
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    if (error.exitCode !== 0) throw new OpenClawError("CLI_USAGE", error.message.replace(/^error: /, ""));
  }
  return run;
}
