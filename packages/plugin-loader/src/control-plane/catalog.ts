import { existsSync, readFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { expandHome, type PathEnv, resolveStateDir } from "../host/paths.js";
import type { ControlPlane } from "./control-plane.js";

/** Channel onboarding metadata (`package.json` `openclaw.channel`). */
export interface ChannelCatalogMeta {
  id: string;
  label?: string;
  selectionLabel?: string;
  docsPath?: string;
  docsLabel?: string;
  blurb?: string;
  order?: number;
  aliases?: string[];
  [key: string]: unknown;
}

/** Install hints (`package.json` `openclaw.install`). */
export interface ChannelInstallMeta {
  npmSpec?: string;
  localPath?: string;
  defaultChoice?: "npm" | "local";
  minHostVersion?: string;
  [key: string]: unknown;
}

/** One channel in the merged catalog. */
export interface ChannelCatalogEntry {
  /** Package name. */
  name: string;
  channel: ChannelCatalogMeta;
  install?: ChannelInstallMeta;
  /** `discovered` (a plugin on disk, by its id) or the catalog file it came from. */
  source: string;
  /** Plugin id, when the channel's plugin is discovered. */
  pluginId?: string;
}

/**
 * External catalog files: `$OPENCLAW_PLUGIN_CATALOG_PATHS` and `$OPENCLAW_MPM_CATALOG_PATHS`
 * (separated by `,`, `;` or the OS path delimiter) when set, else the existing ones of
 * `<state dir>/mpm/plugins.json`, `<state dir>/mpm/catalog.json`, `<state dir>/plugins/catalog.json`.
 */
export function externalCatalogPaths(env: PathEnv = process.env): string[] {
  const raw = [env.OPENCLAW_PLUGIN_CATALOG_PATHS, env.OPENCLAW_MPM_CATALOG_PATHS].filter(
    (v): v is string => !!v?.trim(),
  );
  if (raw.length > 0) {
    const separators = new RegExp(`[,;${delimiter === ";" ? "" : delimiter}]`);
    return raw
      .flatMap((v) => v.split(separators))
      .map((p) => p.trim())
      .filter((p) => p !== "")
      .map((p) => expandHome(p, env));
  }
  const stateDir = resolveStateDir(env);
  return [
    join(stateDir, "mpm/plugins.json"),
    join(stateDir, "mpm/catalog.json"),
    join(stateDir, "plugins/catalog.json"),
  ].filter((p) => existsSync(p));
}

function channelFrom(openclaw: unknown): { channel?: ChannelCatalogMeta; install?: ChannelInstallMeta } {
  const block =
    typeof openclaw === "object" && openclaw !== null ? (openclaw as Record<string, unknown>) : {};
  const channel = block.channel as ChannelCatalogMeta | undefined;
  const install = block.install as ChannelInstallMeta | undefined;
  return {
    ...(channel && typeof channel.id === "string" && channel.id.trim() !== "" ? { channel } : {}),
    ...(install && typeof install === "object" ? { install } : {}),
  };
}

/** Result of {@link buildChannelCatalog}: entries sorted by `order` then label, and unreadable files. */
export interface ChannelCatalog {
  entries: ChannelCatalogEntry[];
  problems: Array<{ path: string; message: string }>;
}

/**
 * Merges the channel catalog: `openclaw.channel`/`openclaw.install` of every discovered package, then
 * entries of the external catalog files (`{ "entries": [{ "name", "openclaw": { "channel", "install" } }] }`).
 * A discovered plugin wins over a catalog entry for the same channel id; earlier files win over later.
 */
export function buildChannelCatalog(plane: ControlPlane, env: PathEnv = process.env): ChannelCatalog {
  const byChannel = new Map<string, ChannelCatalogEntry>();
  const problems: ChannelCatalog["problems"] = [];
  for (const { record, candidate } of plane.plugins.values()) {
    const { channel, install } = channelFrom(candidate.packageOpenclaw);
    if (!channel || byChannel.has(channel.id)) continue;
    byChannel.set(channel.id, {
      name: candidate.packageName ?? record.id,
      channel,
      ...(install ? { install } : {}),
      source: "discovered",
      pluginId: record.id,
    });
  }
  for (const path of externalCatalogPaths(env)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(path, "utf8"));
    } catch (error) {
      problems.push({ path, message: `cannot read catalog: ${(error as Error).message}` });
      continue;
    }
    const entries = (parsed as { entries?: unknown })?.entries;
    if (!Array.isArray(entries)) {
      problems.push({ path, message: 'catalog must be { "entries": [...] }' });
      continue;
    }
    for (const raw of entries) {
      const name = (raw as { name?: unknown })?.name;
      const { channel, install } = channelFrom((raw as { openclaw?: unknown })?.openclaw);
      if (typeof name !== "string" || !channel || byChannel.has(channel.id)) continue;
      byChannel.set(channel.id, { name, channel, ...(install ? { install } : {}), source: path });
    }
  }
  const entries = [...byChannel.values()].sort(
    (a, b) =>
      (a.channel.order ?? Number.MAX_SAFE_INTEGER) - (b.channel.order ?? Number.MAX_SAFE_INTEGER) ||
      (a.channel.label ?? a.channel.id).localeCompare(b.channel.label ?? b.channel.id),
  );
  return { entries, problems };
}
