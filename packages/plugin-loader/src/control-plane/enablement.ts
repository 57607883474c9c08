import type { PluginActivation, PluginOrigin } from "@openclaw/plugin-registry";
import type { OpenClawConfig } from "@openclaw/plugin-sdk/core";
import { installRecordOf } from "../host/config-edit.js";

/** Bundled plugin ids that are on unless the config turns them off. */
export const DEFAULT_ON_BUNDLED_IDS: ReadonlySet<string> = new Set([
  "device-pair",
  "phone-control",
  "talk-voice",
]);

/** What enablement needs to know about one plugin. */
export interface EnablementSubject {
  id: string;
  origin: PluginOrigin;
  /** Manifest `enabledByDefault: true`. */
  enabledByDefault?: boolean;
  /** Manifest `kind`. */
  kind?: string | string[];
  /** Channel ids the manifest declares. */
  channels?: readonly string[];
}

function channelEnabled(config: OpenClawConfig, channel: string): boolean {
  const value = config.channels?.[channel];
  return typeof value === "object" && value !== null && (value as { enabled?: unknown }).enabled === true;
}

function includes(list: unknown, id: string): boolean {
  return Array.isArray(list) && list.some((entry) => typeof entry === "string" && entry.trim() === id);
}

const off = (reason: string): PluginActivation => ({ enabled: false, source: "disabled", reason });
const explicit = (reason: string): PluginActivation => ({ enabled: true, source: "explicit", reason });
const byDefault = (reason: string): PluginActivation => ({ enabled: true, source: "default", reason });

/**
 * Decides whether a discovered plugin is enabled, from config alone. Rules, first match wins:
 * `plugins.enabled: false`; `plugins.deny` (always wins); `entries.<id>.enabled: false`; workspace
 * plugins off unless allowlisted or enabled; slot selection; a bundled channel plugin whose channel
 * has `channels.<id>.enabled: true` (this bypasses the allowlist); a non-empty `plugins.allow` that does not
 * name the id; `entries.<id>.enabled: true`; allowlisted; bundled default-on set or manifest
 * `enabledByDefault`; other bundled plugins off; config-path plugins and tracked installs on.
 *
 * Beyond the original: a global plugin with neither an install record nor an explicit enable (a
 * directory dropped into `~/.openclaw/extensions`) stays off, so untracked code never auto-loads.
 */
export function resolveActivation(subject: EnablementSubject, config: OpenClawConfig): PluginActivation {
  const plugins = config.plugins ?? {};
  const { id, origin } = subject;
  const entry = plugins.entries?.[id];
  const allow = Array.isArray(plugins.allow) ? plugins.allow : [];
  if (plugins.enabled === false) return off("plugins disabled (plugins.enabled is false)");
  if (includes(plugins.deny, id)) return off("blocked by denylist");
  if (entry?.enabled === false) return off("disabled in config");
  const allowed = includes(allow, id);
  const slotSelected = plugins.slots?.contextEngine === id || plugins.slots?.memory === id;
  if (origin === "workspace" && !allowed && entry?.enabled !== true && plugins.slots?.contextEngine !== id) {
    return off("workspace plugin (disabled by default)");
  }
  if (slotSelected) return explicit("selected for an exclusive slot");
  const enabledChannel =
    origin === "bundled" ? subject.channels?.find((c) => channelEnabled(config, c)) : undefined;
  if (enabledChannel)
    return explicit(`channel ${enabledChannel} enabled in config (channels.${enabledChannel}.enabled)`);
  if (allow.length > 0 && !allowed) return off("not in allowlist");
  if (entry?.enabled === true) return explicit("enabled in config");
  if (allowed) return explicit("in allowlist");
  if (origin === "bundled") {
    if (DEFAULT_ON_BUNDLED_IDS.has(id) || subject.enabledByDefault === true) {
      return byDefault("bundled default enablement");
    }
    return off("bundled (disabled by default)");
  }
  if (origin === "config") return byDefault("listed in plugins.load.paths");
  if (installRecordOf(config, id)) return byDefault("installed");
  return off("untracked plugin in the global extensions directory");
}
