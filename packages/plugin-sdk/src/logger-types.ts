/** Structured fields attached to one log line. Never put secrets here. */
export type LogFields = Readonly<Record<string, unknown>>;

/**
 * The logger a plugin receives as `api.logger`. The host implements it with pino and tags every line
 * with the plugin id; plugins never write to `console` directly.
 */
export interface PluginLogger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}
