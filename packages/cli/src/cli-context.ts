import { callGateway, type GatewayConnection, resolveGatewayConnection } from "@openclaw/gateway/client";
import {
  commitConfigChanges,
  createHostLogger,
  type HostLogger,
  type PathEnv,
  readConfigFile,
  resolveConfigPath,
  resolveStateDir,
  updateConfig,
  writeConfigFile,
} from "@openclaw/plugin-loader";
import type { OpenClawConfig } from "@openclaw/plugin-sdk/core";
import { colorEnabled, createPalette, type Palette } from "./shell/colors.js";
import type { GlobalFlags, LogFormat } from "./shell/global-flags.js";

/** What every command handler gets: paths, config I/O, output and the gateway. */
export interface CliContext {
  env: PathEnv;
  version: string;
  stateDir: string;
  configPath: string;
  cwd: string;
  logger: HostLogger;
  /** `--json` was given: print results and errors as JSON on stdout, nothing else there. */
  json: boolean;
  /** Colours for stdout (no-ops when colour is off: NO_COLOR, FORCE_COLOR, `--[no-]color`, TTY). */
  colors: Palette;
  /** Colours for stderr, decided the same way for that stream. */
  errColors: Palette;
  /** `--log-format` (or `$OPENCLAW_LOG_FORMAT`); `undefined`: pretty on a terminal, JSON otherwise. */
  logFormat: LogFormat | undefined;
  /** Writes a line to stdout. */
  print(text: string): void;
  /** Writes a line to stderr. */
  printErr(text: string): void;
  readConfig(): Promise<OpenClawConfig>;
  /** Replaces the config (comments kept, under the config lock); prefer the two below. */
  writeConfig(config: OpenClawConfig): Promise<void>;
  /** Read-modify-write under the config lock: `next` gets the config as it is in the file now. */
  updateConfig(next: (current: OpenClawConfig) => OpenClawConfig): Promise<void>;
  /**
   * Writes the changes from `base` (what the command read) to `next` onto the file as it is now, under
   * the config lock, so changes other processes made meanwhile are kept.
   */
  commitConfig(base: OpenClawConfig, next: OpenClawConfig): Promise<void>;
  /** Where the gateway is expected (see `resolveGatewayConnection`). */
  gatewayConnection(): Promise<GatewayConnection>;
  callGateway<T = unknown>(method: string, params?: Record<string, unknown>, timeoutMs?: number): Promise<T>;
}

/** Options of {@link createCliContext}. */
export interface CliContextOptions {
  version: string;
  env?: PathEnv;
  cwd?: string;
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  /** Global flags read from the command line (default: none given). */
  flags?: GlobalFlags;
  /** Whether stdout / stderr are terminals (default: `process.stdout.isTTY` / `process.stderr.isTTY`). */
  isTTY?: { stdout: boolean; stderr: boolean };
}

function envLogFormat(env: PathEnv): LogFormat | undefined {
  const value = env.OPENCLAW_LOG_FORMAT;
  return value === "json" || value === "pretty" ? value : undefined;
}

/** Builds the CLI context from the environment. */
export function createCliContext(options: CliContextOptions): CliContext {
  const env = options.env ?? process.env;
  const stateDir = resolveStateDir(env);
  const configPath = resolveConfigPath(env);
  const stdout = options.stdout ?? ((text: string) => process.stdout.write(`${text}\n`));
  const stderr = options.stderr ?? ((text: string) => process.stderr.write(`${text}\n`));
  let logger: HostLogger | undefined;
  const flags = options.flags ?? { json: false, color: undefined, logFormat: undefined };
  const isTTY = options.isTTY ?? {
    stdout: process.stdout.isTTY === true,
    stderr: process.stderr.isTTY === true,
  };
  const ctx: CliContext = {
    env,
    version: options.version,
    stateDir,
    configPath,
    cwd: options.cwd ?? process.cwd(),
    get logger() {
      logger ??= createHostLogger({ level: env.OPENCLAW_LOG_LEVEL ?? "silent" });
      return logger;
    },
    json: flags.json,
    colors: createPalette(!flags.json && colorEnabled(env, isTTY.stdout, flags.color)),
    errColors: createPalette(colorEnabled(env, isTTY.stderr, flags.color)),
    logFormat: flags.logFormat ?? envLogFormat(env),
    print: stdout,
    printErr: stderr,
    async readConfig() {
      return (await readConfigFile(configPath)).config;
    },
    async writeConfig(config) {
      await writeConfigFile(configPath, config);
    },
    async updateConfig(next) {
      await updateConfig(configPath, next);
    },
    async commitConfig(base, next) {
      await commitConfigChanges(configPath, base, next);
    },
    async gatewayConnection() {
      return resolveGatewayConnection(stateDir, await ctx.readConfig(), env);
    },
    async callGateway(method, params, timeoutMs) {
      const connection = await ctx.gatewayConnection();
      return callGateway({
        connection,
        method,
        ...(params ? { params } : {}),
        ...(timeoutMs ? { timeoutMs } : {}),
      });
    },
  };
  return ctx;
}
