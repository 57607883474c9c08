import type { OpenClawConfig, PluginInstallRecord } from "@openclaw/plugin-sdk/core";
import { setOwn } from "./config-path.js";

/**
 * Returns a copy of `config` with `plugins.entries.<id>.enabled` set; other keys are kept. Ids are
 * own keys whatever they are (`__proto__` included), never prototype writes.
 */
export function withPluginEnabled(config: OpenClawConfig, id: string, enabled: boolean): OpenClawConfig {
  const next = structuredClone(config);
  next.plugins ??= {};
  next.plugins.entries ??= {};
  const entries = next.plugins.entries as Record<string, unknown>;
  const current = Object.hasOwn(entries, id) ? (entries[id] as object) : undefined;
  setOwn(entries, id, { ...current, enabled });
  return next;
}

/**
 * Returns a copy of `config` with `plugins.installs.<id>` recorded and the plugin enabled; for a pack
 * (`record.plugins`), every plugin id it provides is enabled (and allowlisted when an allowlist is in
 * use) instead of the pack's own id, which names no plugin.
 */
export function withInstallRecord(
  config: OpenClawConfig,
  id: string,
  record: PluginInstallRecord,
): OpenClawConfig {
  const pluginIds = record.plugins && record.plugins.length > 0 ? record.plugins : [id];
  let next = structuredClone(config);
  for (const pluginId of pluginIds) next = withPluginEnabled(next, pluginId, true);
  next.plugins ??= {};
  const installs = { ...next.plugins.installs } as Record<string, unknown>;
  setOwn(installs, id, record);
  next.plugins.installs = installs as Record<string, PluginInstallRecord>;
  const allow = next.plugins.allow;
  if (Array.isArray(allow) && allow.length > 0) {
    next.plugins.allow = [...allow, ...pluginIds.filter((pluginId) => !allow.includes(pluginId))];
  }
  return next;
}

/** The install record that provides plugin `id`: its own, or the record of the pack it belongs to. */
export function installRecordOf(config: OpenClawConfig, id: string): PluginInstallRecord | undefined {
  const installs = config.plugins?.installs;
  if (installs === undefined) return undefined;
  if (Object.hasOwn(installs, id)) return installs[id];
  return Object.values(installs).find((record) => record.plugins?.includes(id));
}

/** Levenshtein distance, for did-you-mean suggestions. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] as number;
      row[j] = Math.min(current + 1, (row[j - 1] as number) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = current;
    }
  }
  return row[b.length] as number;
}

/** The known id closest to `input` (within a third of its length), if any. */
export function suggestId(input: string, known: Iterable<string>): string | undefined {
  let best: { id: string; d: number } | undefined;
  for (const id of known) {
    const d = distance(input.toLowerCase(), id.toLowerCase());
    if (d <= Math.max(2, Math.floor(id.length / 3)) && (!best || d < best.d)) best = { id, d };
  }
  return best?.id;
}

/** What {@link withSlotSelection} changed, as sentences for the user. */
export interface SlotSelectionResult {
  config: OpenClawConfig;
  messages: string[];
}

/**
 * When `id` is a single-kind `memory` or `context-engine` plugin, selects it for that exclusive slot
 * (the plugin being enabled or installed is what the user wants active) and says what changed;
 * otherwise returns the config unchanged.
 */
export function withSlotSelection(
  config: OpenClawConfig,
  id: string,
  kind: string | string[] | undefined,
): SlotSelectionResult {
  const kinds = kind === undefined ? [] : Array.isArray(kind) ? kind : [kind];
  if (kinds.length !== 1) return { config, messages: [] };
  const slot = kinds[0] === "memory" ? "memory" : kinds[0] === "context-engine" ? "contextEngine" : undefined;
  if (!slot) return { config, messages: [] };
  const previous = config.plugins?.slots?.[slot];
  if (previous === id) return { config, messages: [] };
  const next = structuredClone(config);
  next.plugins ??= {};
  next.plugins.slots = { ...next.plugins.slots, [slot]: id };
  const from = previous ?? (slot === "memory" ? "memory-core (default)" : "legacy (default)");
  return { config: next, messages: [`Exclusive slot "${slot}" switched from "${from}" to "${id}".`] };
}
