import type { PluginRegistry } from "@openclaw/plugin-registry";
import type { OpenClawConfig } from "@openclaw/plugin-sdk/core";
import { installRecordOf } from "../host/config-edit.js";
import type { PathEnv } from "../host/paths.js";
import { isInside } from "./candidate-safety.js";
import type { ControlPlanePlugin } from "./control-plane.js";
import { configuredLoadPaths } from "./discovery.js";

const LISTED = 3;

/** Where a plugin's code came from is tracked: a `plugins.load.paths` entry or an install record. */
function hasProvenance(entry: ControlPlanePlugin, config: OpenClawConfig, loadPaths: string[]): boolean {
  const { id, source } = entry.record;
  if (loadPaths.some((path) => isInside(path, source))) return true;
  const install = installRecordOf(config, id);
  if (install === undefined) return false;
  const paths = [install.installPath, install.sourcePath].filter((p): p is string => typeof p === "string");
  return paths.length === 0 || paths.some((path) => isInside(path, source));
}

/**
 * The trust warnings of spec R-LOAD-18, reported into the registry so `plugins list`, `doctor` and the
 * gateway log show them:
 * - open allowlist: `plugins.allow` is empty while non-bundled plugins are enabled (one warning naming
 *   them);
 * - provenance: an enabled non-bundled plugin not in `plugins.allow` whose code is under neither a
 *   `plugins.load.paths` entry nor its install record;
 * - a plugin left off because it is untracked (dropped into the global extensions dir) or a workspace
 *   plugin gets a hint saying how to turn it on.
 */
export function reportTrustWarnings(
  registry: PluginRegistry,
  plugins: ReadonlyMap<string, ControlPlanePlugin>,
  config: OpenClawConfig,
  env: PathEnv,
): void {
  const allow = Array.isArray(config.plugins?.allow) ? config.plugins.allow : [];
  const loadPaths = configuredLoadPaths(config, env);
  const enabledForeign = [...plugins.values()].filter(
    ({ record }) => record.origin !== "bundled" && record.activation.enabled,
  );
  if (allow.length === 0 && enabledForeign.length > 0) {
    const named = enabledForeign.slice(0, LISTED).map(({ record }) => `${record.id} (${record.source})`);
    const more = enabledForeign.length > LISTED ? ` (+${enabledForeign.length - LISTED} more)` : "";
    registry.report({
      level: "warn",
      message: `plugins.allow is empty; non-bundled plugins load without an allowlist: ${named.join(", ")}${more}`,
      hint: `Set plugins.allow to the ids you trust, e.g. \`openclaw config set plugins.allow '${JSON.stringify(enabledForeign.map(({ record }) => record.id))}'\`.`,
    });
  }
  for (const entry of enabledForeign) {
    if (allow.includes(entry.record.id) || hasProvenance(entry, config, loadPaths)) continue;
    registry.report({
      level: "warn",
      pluginId: entry.record.id,
      message: "loaded without install/load-path provenance; treat it as untracked local code",
      hint: `Pin trust with plugins.allow or install it with \`openclaw plugins install\`.`,
    });
  }
  for (const { record } of plugins.values()) {
    const reason = record.activation.reason;
    if (record.activation.enabled || !/^(untracked plugin|workspace plugin)/.test(reason)) continue;
    registry.report({
      level: "info",
      pluginId: record.id,
      message: `${record.id} is off: ${reason}`,
      hint: `Run \`openclaw plugins enable ${record.id}\` to trust and load it.`,
    });
  }
}
