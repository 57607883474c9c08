import { createRequire } from "node:module";
import type { LogFields, PluginLogger } from "@openclaw/plugin-sdk/core";

const require = createRequire(import.meta.url);

/** The structured logger the host uses (pino's shape). */
export interface HostLogger {
  child(bindings: Record<string, unknown>): HostLogger;
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Options of {@link createHostLogger}. */
export interface HostLoggerOptions {
  /** pino level; default `$OPENCLAW_LOG_LEVEL`, else `info`. */
  level?: string;
  /** File descriptor to write to; default 2 (stderr). */
  fd?: number;
  /**
   * `json` (default): one JSON object per line, for log collectors. `pretty`: pino-pretty's
   * human lines (`[12:00:00.000] INFO: gateway ready`), for a terminal.
   */
  format?: "json" | "pretty";
  /** With `pretty`: colour the level and message (default false). */
  colorize?: boolean;
}

/**
 * Paths of secrets that are never logged (pino `redact`): credentials in plugin configs and headers.
 */
export const REDACTED_LOG_PATHS: readonly string[] = [
  "authToken",
  "apiKey",
  "token",
  "password",
  "*.authToken",
  "*.apiKey",
  "*.token",
  "*.password",
  "headers.authorization",
  "req.headers.authorization",
];

/**
 * Creates the host's pino logger writing to stderr (or `fd`): JSON lines, or pino-pretty's human
 * lines with `format: "pretty"` (secrets are redacted either way).
 */
export function createHostLogger(options: HostLoggerOptions = {}): HostLogger {
  const pino = require("pino") as typeof import("pino");
  const fd = options.fd ?? 2;
  const destination =
    options.format === "pretty"
      ? (require("pino-pretty") as typeof import("pino-pretty").PinoPretty)({
          destination: fd,
          sync: true,
          colorize: options.colorize ?? false,
          translateTime: "SYS:HH:MM:ss.l",
          ignore: "pid,hostname",
        })
      : pino.destination({ fd, sync: true });
  return pino.pino(
    {
      level: options.level ?? process.env.OPENCLAW_LOG_LEVEL ?? "info",
      redact: { paths: [...REDACTED_LOG_PATHS], censor: "[redacted]" },
    },
    destination,
  );
}

/** Adapts a host logger to the `PluginLogger` shape `(message, fields?)`. */
export function toPluginLogger(logger: HostLogger): PluginLogger {
  const line =
    (level: "debug" | "info" | "warn" | "error") =>
    (message: string, fields?: LogFields): void =>
      logger[level]({ ...fields }, String(message));
  return { debug: line("debug"), info: line("info"), warn: line("warn"), error: line("error") };
}
