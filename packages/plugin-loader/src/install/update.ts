import {
  errorMessage,
  isOpenClawError,
  type OpenClawConfig,
  OpenClawError,
  type OpenClawErrorCode,
  type OpenClawErrorJSON,
  type PluginInstallRecord,
} from "@openclaw/plugin-sdk/core";
import { type InstallPluginResult, type InstallStep, installPlugin } from "./install.js";
import { npmResolve } from "./npm-client.js";
import { npmSpecString, parseNpmSpec } from "./npm-spec.js";

/** What happened to one plugin in an update run. */
export type UpdateOutcome =
  | { id: string; status: "updated"; from?: string; to: string; integrity: string }
  | { id: string; status: "would-update"; from?: string; to: string }
  | { id: string; status: "unchanged"; version: string }
  | {
      id: string;
      status: "drift";
      version: string;
      expected: string;
      actual: string;
      applied: boolean;
      /** `INSTALL_INTEGRITY_DRIFT` when the new bytes were not accepted (and this was not a dry run). */
      error?: OpenClawErrorJSON;
    }
  | { id: string; status: "skipped"; reason: string }
  | { id: string; status: "failed"; code: OpenClawErrorCode; message: string; hint?: string };

/**
 * A failed outcome with a registry code: a coded error keeps its code; anything else (a Node file
 * system error such as `ENOENT`, whose code is not one of ours) is `INSTALL_FAILED` with its message.
 */
function failedOutcome(id: string, error: unknown): UpdateOutcome {
  if (isOpenClawError(error)) {
    return {
      id,
      status: "failed",
      code: error.code,
      message: error.message,
      ...(error.hint ? { hint: error.hint } : {}),
    };
  }
  return { id, status: "failed", code: "INSTALL_FAILED", message: errorMessage(error) };
}

/**
 * The error for a refused drift: the registry now serves different bytes for a version already
 * installed (a republished or tampered tarball, or a mirror that repacks).
 */
export function integrityDrift(
  id: string,
  d: { version: string; expected: string; actual: string },
): OpenClawError {
  return new OpenClawError(
    "INSTALL_INTEGRITY_DRIFT",
    `${id}@${d.version} now has different bytes (expected ${d.expected}, got ${d.actual}); kept the installed copy`,
    {
      hint: `Check where the new tarball comes from; to accept it run \`openclaw plugins update ${id} --yes\`.`,
      details: { id, ...d },
    },
  );
}

/** Options of {@link updatePlugins}. */
export interface UpdatePluginsOptions {
  /** Ids to update; empty means every npm install record (`--all`). */
  ids: string[];
  config: OpenClawConfig;
  extensionsDir: string;
  dryRun?: boolean;
  /**
   * Decides whether to continue when the same version now has different bytes. Without it drift is
   * refused.
   */
  confirmDrift?: (
    id: string,
    details: { version: string; expected: string; actual: string },
  ) => Promise<boolean>;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  onStep?: (id: string, step: InstallStep, detail: string) => void;
}

/** Result of {@link updatePlugins}: per-plugin outcomes and the config to write when `changed`. */
export interface UpdatePluginsResult {
  outcomes: UpdateOutcome[];
  config: OpenClawConfig;
  changed: boolean;
}

/**
 * Updates npm installs tracked in `plugins.installs`. For each: the recorded spec is resolved again;
 * a new version is installed (staged, validated, swapped atomically); the same version with the same
 * integrity is a no-op that rewrites nothing; the same version with different integrity is drift and
 * needs `confirmDrift` (refused otherwise). Non-npm installs are skipped with the reason. One failing
 * plugin never stops the others. Unlike the original, drift is checked for dist-tag and bare specs too.
 * @throws {@link OpenClawError} `PLUGIN_NOT_FOUND` for a named id without an install record.
 */
export async function updatePlugins(options: UpdatePluginsOptions): Promise<UpdatePluginsResult> {
  const installs = options.config.plugins?.installs ?? {};
  const ids = options.ids.length > 0 ? options.ids : Object.keys(installs);
  for (const id of options.ids) {
    if (!installs[id]) {
      throw new OpenClawError("PLUGIN_NOT_FOUND", `no install record for ${id}`, {
        hint: "Only plugins installed with `openclaw plugins install` can be updated; see plugins.installs in the config.",
      });
    }
  }
  let config = options.config;
  let changed = false;
  const outcomes: UpdateOutcome[] = [];
  for (const id of ids) {
    const record = installs[id] as PluginInstallRecord;
    if (record.source !== "npm" || !record.spec) {
      outcomes.push({ id, status: "skipped", reason: `installed from ${record.source}, not npm` });
      continue;
    }
    try {
      const spec = parseNpmSpec(record.spec);
      const npm = { cwd: options.cwd ?? process.cwd(), ...(options.env ? { env: options.env } : {}) };
      options.onStep?.(id, "resolve", npmSpecString(spec));
      const latest = await npmResolve(npmSpecString(spec), npm);
      const current = record.resolvedVersion ?? record.version;
      if (latest.version === current) {
        if (!record.integrity || latest.integrity === record.integrity) {
          outcomes.push({ id, status: "unchanged", version: latest.version });
          continue;
        }
        const details = { version: latest.version, expected: record.integrity, actual: latest.integrity };
        const applied = options.dryRun ? false : ((await options.confirmDrift?.(id, details)) ?? false);
        const refused = !applied && !options.dryRun ? { error: integrityDrift(id, details).toJSON() } : {};
        outcomes.push({ id, status: "drift", ...details, applied, ...refused });
        if (!applied) continue;
      } else if (options.dryRun) {
        outcomes.push({
          id,
          status: "would-update",
          ...(current ? { from: current } : {}),
          to: latest.version,
        });
        continue;
      }
      const result: InstallPluginResult = await installPlugin({
        source: record.spec,
        extensionsDir: options.extensionsDir,
        config,
        force: true,
        expectedId: id,
        cwd: npm.cwd,
        ...(options.env ? { env: options.env } : {}),
        ...(options.onStep ? { onStep: (step, detail) => options.onStep?.(id, step, detail) } : {}),
      });
      config = result.config;
      changed = true;
      if (outcomes.at(-1)?.id !== id) {
        outcomes.push({
          id,
          status: "updated",
          ...(current ? { from: current } : {}),
          to: result.record.version ?? latest.version,
          integrity: result.record.integrity ?? "",
        });
      }
    } catch (error) {
      outcomes.push(failedOutcome(id, error));
    }
  }
  return { outcomes, config, changed };
}
