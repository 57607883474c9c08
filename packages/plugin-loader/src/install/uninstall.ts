import { existsSync, readdirSync, readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { OpenClawConfig } from "@openclaw/plugin-sdk/core";
import { OpenClawError } from "@openclaw/plugin-sdk/core";
import { isInside } from "../control-plane/candidate-safety.js";
import { findBundledPlugin } from "./bundled-source.js";
import { installDirName } from "./install-stage.js";
import { STAGE_PREFIX } from "./stage-dirs.js";

/** Options of {@link uninstallPlugin}. */
export interface UninstallPluginOptions {
  id: string;
  config: OpenClawConfig;
  extensionsDir: string;
  /** Keep `plugins.entries.<id>` (its config) for a later reinstall. */
  keepConfig?: boolean;
  /** Only say what would be removed (for a confirmation); delete nothing. */
  dryRun?: boolean;
  /** The bundled `extensions/` directory: a bundled plugin is refused (`INSTALL_BUNDLED_PLUGIN`). */
  bundledDir?: string;
}

/** What {@link uninstallPlugin} removed; `config` is to be written by the caller. */
export interface UninstallPluginResult {
  config: OpenClawConfig;
  removedPaths: string[];
  removedConfig: string[];
}

function leftoversOf(extensionsDir: string, id: string): string[] {
  if (!existsSync(extensionsDir)) return [];
  const found: string[] = [];
  for (const name of readdirSync(extensionsDir)) {
    if (!name.startsWith(STAGE_PREFIX)) continue;
    const dir = join(extensionsDir, name);
    for (const root of [dir, join(dir, "package")]) {
      try {
        const manifest = JSON.parse(readFileSync(join(root, "openclaw.plugin.json"), "utf8")) as {
          id?: unknown;
        };
        if (manifest.id === id) {
          found.push(dir);
          break;
        }
      } catch {
        // not this plugin's leftover
      }
    }
  }
  return found;
}

/**
 * Removes exactly what `plugins install` created for `id`: its directory under `extensionsDir` (never a
 * path outside it, never a linked source), leftover stage or backup directories of an interrupted
 * install, and its config (`plugins.installs.<id>`, `plugins.entries.<id>` unless `keepConfig`, its
 * `plugins.allow` entry, a linked path in `plugins.load.paths`, a slot that selects it).
 * With `dryRun` nothing is deleted; the result says what would be.
 * @throws {@link OpenClawError} `PLUGIN_NOT_FOUND` when nothing about `id` is installed or configured.
 */
export async function uninstallPlugin(options: UninstallPluginOptions): Promise<UninstallPluginResult> {
  const { id, extensionsDir } = options;
  const config = structuredClone(options.config);
  const plugins = config.plugins ?? {};
  const record = plugins.installs?.[id];
  const bundled = record === undefined ? findBundledPlugin(options.bundledDir, id) : undefined;
  if (bundled?.id === id) {
    throw new OpenClawError(
      "INSTALL_BUNDLED_PLUGIN",
      `${id} is bundled with OpenClaw and cannot be uninstalled`,
      {
        hint: `Run \`openclaw plugins disable ${id}\` to turn it off; its config is kept. Nothing was changed.`,
      },
    );
  }
  const defaultDir = join(extensionsDir, installDirName(id));
  const dirs = new Set<string>(leftoversOf(extensionsDir, id));
  if (existsSync(defaultDir)) dirs.add(defaultDir);
  if (record?.installPath && record.source !== "path") {
    const path = resolve(record.installPath);
    if (isInside(resolve(extensionsDir), path) && path !== resolve(extensionsDir) && existsSync(path))
      dirs.add(path);
  }
  const removedConfig: string[] = [];
  if (record) {
    delete plugins.installs?.[id];
    removedConfig.push(`plugins.installs.${id}`);
    if (record.source === "path" && record.sourcePath && plugins.load?.paths?.includes(record.sourcePath)) {
      plugins.load.paths = plugins.load.paths.filter((p) => p !== record.sourcePath);
      removedConfig.push(`plugins.load.paths[${record.sourcePath}]`);
    }
  }
  for (const pluginId of record?.plugins?.length ? [id, ...record.plugins] : [id]) {
    if (!options.keepConfig && plugins.entries?.[pluginId]) {
      delete plugins.entries[pluginId];
      removedConfig.push(`plugins.entries.${pluginId}`);
    }
    if (plugins.allow?.includes(pluginId)) {
      plugins.allow = plugins.allow.filter((a) => a !== pluginId);
      removedConfig.push(`plugins.allow[${pluginId}]`);
    }
  }
  for (const slot of ["memory", "contextEngine"] as const) {
    if (plugins.slots?.[slot] === id) {
      delete plugins.slots[slot];
      removedConfig.push(`plugins.slots.${slot}`);
    }
  }
  if (dirs.size === 0 && removedConfig.length === 0) {
    throw new OpenClawError("PLUGIN_NOT_FOUND", `plugin ${id} is not installed`, {
      hint: "Run `openclaw plugins list`; plugins found through plugins.load.paths or the workspace are not uninstalled, only unlisted.",
    });
  }
  for (const key of ["installs", "entries"] as const) {
    if (plugins[key] && Object.keys(plugins[key] as object).length === 0) delete plugins[key];
  }
  if (!options.dryRun) for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  return { config, removedPaths: [...dirs], removedConfig };
}
