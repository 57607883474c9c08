import type { ChannelPlugin } from "./channel-types.js";
import type { PluginConfigSchema } from "./config-schema.js";
import type { OpenClawPluginApi } from "./plugin-api.js";
import { definePluginEntry, type PluginEntry } from "./plugin-entry.js";

/** Input of {@link defineChannelPluginEntry}. */
export interface ChannelPluginEntryOptions {
  id: string;
  name: string;
  description?: string;
  plugin: ChannelPlugin;
  configSchema?: PluginConfigSchema;
  /** Extra registrations made after the channel (gateway mode only). */
  registerFull?: (api: OpenClawPluginApi) => void;
}

/**
 * Declares a plugin whose main job is one messaging channel: registers the channel, then (in the
 * gateway) calls `registerFull` for its other surfaces.
 */
export function defineChannelPluginEntry(options: ChannelPluginEntryOptions): PluginEntry {
  const base = {
    id: options.id,
    name: options.name,
    register(api: OpenClawPluginApi): void {
      api.registerChannel({ plugin: options.plugin });
      if (api.registrationMode === "full") options.registerFull?.(api);
    },
  };
  return definePluginEntry({
    ...base,
    ...(options.description === undefined ? {} : { description: options.description }),
    ...(options.configSchema === undefined ? {} : { configSchema: options.configSchema }),
  });
}

/** Normalises an account id: trimmed and lower-cased, `default` when blank. */
export function normalizeAccountId(accountId: string | undefined | null): string {
  const trimmed = (accountId ?? "").trim().toLowerCase();
  return trimmed === "" ? "default" : trimmed;
}
