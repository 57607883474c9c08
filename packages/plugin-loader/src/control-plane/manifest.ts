import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { errorMessage, OpenClawError } from "@openclaw/plugin-sdk/core";
import { lazy } from "../host/lazy-modules.js";
import type { PathEnv } from "../host/paths.js";
import { cacheLifetimeMs, ShortLivedCache } from "./caches.js";

/** File name of the plugin manifest, in the plugin root. */
export const MANIFEST_FILE = "openclaw.plugin.json";

/** `channelConfigs.<channel>` of a manifest: the JSON Schema for `channels.<channel>`. */
export interface ManifestChannelConfig {
  schema: Record<string, unknown>;
  uiHints?: Record<string, unknown>;
  label?: string;
  description?: string;
}

/** A parsed, normalised `openclaw.plugin.json`. Unknown keys are ignored. */
export interface PluginManifest {
  /** Canonical plugin id (trimmed). */
  id: string;
  /** JSON Schema for `plugins.entries.<id>.config`. */
  configSchema: Record<string, unknown>;
  name?: string;
  description?: string;
  version?: string;
  kind?: string | string[];
  channels: string[];
  providers: string[];
  skills: string[];
  /** Only literal `true` counts. */
  enabledByDefault: boolean;
  /** Per-field labels, placeholders and `sensitive` flags for config UIs. */
  uiHints?: Record<string, unknown>;
  channelConfigs?: Record<string, ManifestChannelConfig>;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function stringList(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((v): v is string => typeof v === "string")
    .map((v) => v.trim())
    .filter((v) => v !== "");
}

function optionalString(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/**
 * Validates and normalises a parsed manifest object.
 * @throws {@link OpenClawError} `MANIFEST_INVALID` naming the missing or mistyped key.
 */
export function normalizeManifest(raw: unknown, path: string): PluginManifest {
  const invalid = (message: string): OpenClawError =>
    new OpenClawError("MANIFEST_INVALID", `${message}: ${path}`, {
      hint: 'A manifest needs at least { "id": "<plugin-id>", "configSchema": { "type": "object" } }.',
      details: { path },
    });
  if (!isPlainObject(raw)) throw invalid("plugin manifest must be an object");
  const id = optionalString(raw.id);
  if (id === undefined) throw invalid("plugin manifest requires id");
  if (!isPlainObject(raw.configSchema))
    throw invalid("plugin manifest requires configSchema (a JSON Schema object)");
  const manifest: PluginManifest = {
    id,
    configSchema: raw.configSchema,
    channels: stringList(raw.channels),
    providers: stringList(raw.providers),
    skills: stringList(raw.skills),
    enabledByDefault: raw.enabledByDefault === true,
  };
  const name = optionalString(raw.name);
  if (name !== undefined) manifest.name = name;
  const description = optionalString(raw.description);
  if (description !== undefined) manifest.description = description;
  const version = optionalString(raw.version);
  if (version !== undefined) manifest.version = version;
  if (typeof raw.kind === "string" && raw.kind.trim() !== "") manifest.kind = raw.kind.trim();
  else if (Array.isArray(raw.kind)) {
    const kinds = stringList(raw.kind);
    if (kinds.length === 1) manifest.kind = kinds[0] as string;
    else if (kinds.length > 1) manifest.kind = kinds;
  }
  if (isPlainObject(raw.uiHints)) manifest.uiHints = raw.uiHints;
  if (isPlainObject(raw.channelConfigs)) {
    const configs: Record<string, ManifestChannelConfig> = {};
    for (const [channel, value] of Object.entries(raw.channelConfigs)) {
      if (isPlainObject(value) && isPlainObject(value.schema)) {
        configs[channel] = value as unknown as ManifestChannelConfig;
      }
    }
    if (Object.keys(configs).length > 0) manifest.channelConfigs = configs;
  }
  return manifest;
}

/** Parses plain JSON fast, falling back to JSON5 (comments, trailing commas, unquoted keys). */
function parseJsonOrJson5(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return lazy.json5().parse(text);
  }
}

/**
 * Reads `<rootDir>/openclaw.plugin.json` (JSON5: comments, trailing commas and unquoted keys are fine).
 * @throws {@link OpenClawError} `MANIFEST_NOT_FOUND`, `MANIFEST_PARSE_FAILED` or `MANIFEST_INVALID`.
 */
export async function readManifest(rootDir: string, env: PathEnv = process.env): Promise<PluginManifest> {
  const path = join(rootDir, MANIFEST_FILE);
  const lifetime = cacheLifetimeMs(
    env,
    "OPENCLAW_PLUGIN_MANIFEST_CACHE_MS",
    "OPENCLAW_DISABLE_PLUGIN_MANIFEST_CACHE",
  );
  let key: string | undefined;
  if (lifetime > 0) {
    try {
      const info = statSync(path);
      key = `${path}:${info.mtimeMs}:${info.size}`;
      const hit = manifestCache.get(key);
      if (hit) return hit;
    } catch {
      key = undefined;
    }
  }
  const manifest = readManifestUncached(path);
  if (key) manifestCache.set(key, manifest, lifetime);
  return manifest;
}

const manifestCache = new ShortLivedCache<PluginManifest>();

/**
 * Forgets cached manifests. Parsed manifests are cached in-process for
 * `$OPENCLAW_PLUGIN_MANIFEST_CACHE_MS` (default 1000 ms; `0` or blank disables; any non-blank
 * `$OPENCLAW_DISABLE_PLUGIN_MANIFEST_CACHE` disables), keyed by path, mtime and size so an edited
 * manifest is never served stale.
 */
export function clearPluginManifestCache(): void {
  manifestCache.clear();
}

function readManifestUncached(path: string): PluginManifest {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new OpenClawError("MANIFEST_NOT_FOUND", `plugin manifest not found: ${path}`, {
        hint: `Every plugin ships ${MANIFEST_FILE} in its root with at least "id" and "configSchema".`,
        details: { path },
      });
    }
    throw new OpenClawError(
      "MANIFEST_PARSE_FAILED",
      `cannot read plugin manifest ${path}: ${errorMessage(error)}`,
      {
        cause: error,
      },
    );
  }
  let raw: unknown;
  try {
    raw = parseJsonOrJson5(text);
  } catch (error) {
    throw new OpenClawError(
      "MANIFEST_PARSE_FAILED",
      `failed to parse plugin manifest ${path}: ${errorMessage(error)}`,
      {
        cause: error,
        details: { path },
      },
    );
  }
  return normalizeManifest(raw, path);
}
