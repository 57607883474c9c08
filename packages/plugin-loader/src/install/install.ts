import { existsSync, statSync } from "node:fs";
import { mkdir, mkdtemp, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  errorMessage,
  isOpenClawError,
  type OpenClawConfig,
  OpenClawError,
  type PluginInstallRecord,
} from "@openclaw/plugin-sdk/core";
import { packPluginIds } from "../control-plane/discovery.js";
import type { PluginManifest } from "../control-plane/manifest.js";
import { staticCompatibilityProblem } from "../control-plane/static-compat.js";
import { withInstallRecord, withPluginEnabled } from "../host/config-edit.js";
import { HOST_VERSION } from "../host/host-version.js";
import { lazy } from "../host/lazy-modules.js";
import { type BundledPlugin, findBundledPlugin } from "./bundled-source.js";
import {
  installDependencies,
  installDirName,
  isArchive,
  missingDependencies,
  readJson,
  stageSource,
  validateStagedPlugin,
} from "./install-stage.js";
import { npmFetchTarball, npmResolve } from "./npm-client.js";
import { looksLikeNpmSpec, npmSpecString, parseNpmSpec } from "./npm-spec.js";
import { createStageDir, releaseStageDir, removeStaleStageDirs } from "./stage-dirs.js";

export { installDirName } from "./install-stage.js";

/** Steps an install goes through, reported to `onStep` in order. */
export type InstallStep = "resolve" | "fetch" | "verify" | "install-deps" | "activate";

/** Options of {@link installPlugin}. */
export interface InstallPluginOptions {
  /**
   * A plugin directory, a `.tgz`/`.tar.gz`/`.tar`/`.zip` archive, or a registry npm spec
   * (`name`, `name@1.2.3`, `name@tag`).
   */
  source: string;
  /** `<state dir>/extensions`. */
  extensionsDir: string;
  config: OpenClawConfig;
  /**
   * Replace an installed plugin with the same id, and install a package that cannot run on this host
   * (missing SDK subpaths, host version outside its range), which is refused otherwise.
   */
  force?: boolean;
  /** Host version checked against the package's range; default {@link HOST_VERSION}. */
  hostVersion?: string;
  /**
   * The bundled `extensions/` directory. A bare spec naming a bundled plugin id, or an npm package the
   * registry does not have whose name matches a bundled plugin, enables the bundled copy (R-INS-1).
   */
  bundledDir?: string;
  /** Link a local directory in place (added to `plugins.load.paths`) instead of copying it. */
  link?: boolean;
  /** For npm installs, record the exact resolved `name@version` as the spec. */
  pin?: boolean;
  /** Working directory for relative sources and for npm; default `process.cwd()`. */
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Refuse unless the package's manifest id is this one (updates). */
  expectedId?: string;
  /** Called as each step starts. */
  onStep?: (step: InstallStep, detail: string) => void;
}

/** What {@link installPlugin} did. */
export interface InstallPluginResult {
  id: string;
  installPath: string;
  manifest: PluginManifest;
  record: PluginInstallRecord;
  /** The config with the install recorded and the plugin enabled (not yet written). */
  config: OpenClawConfig;
  /** True when dependencies were installed with npm. */
  installedDependencies: boolean;
  /** The plugin ids the package provides: `[id]`, or a pack's `<package name>/<file base>` ids. */
  pluginIds: string[];
  /** Set when the bundled copy was enabled instead of installing (nothing was copied or recorded). */
  bundled?: { reason: string };
}

interface StagedSource {
  /** A directory or archive to stage. */
  path: string;
  record: Omit<PluginInstallRecord, "installPath" | "installedAt">;
}

/**
 * Installs a plugin as a transaction. Sources:
 * - a directory (copied without `node_modules`/`.git`), or with `link` referenced in place through
 *   `plugins.load.paths`;
 * - a `.tgz`/`.tar.gz`/`.tar`/`.zip` archive (every entry checked before anything is written);
 * - a registry npm spec (name plus optional exact version or dist-tag), resolved and fetched with npm
 *   itself (the user's registry and auth apply), its sha512 integrity verified and recorded. A bare spec
 *   or `@latest` that resolves to a prerelease is refused.
 * The package is staged next to the target, validated (manifest, schema, entries), its missing
 * dependencies installed with `npm install --omit=dev --ignore-scripts`, then renamed into
 * `<extensionsDir>/<id>`. On any failure the stage is removed and a previous install is left as it was.
 * Returns the updated config; the caller writes it.
 * @throws {@link OpenClawError} `INSTALL_SOURCE_NOT_FOUND`, `INSTALL_UNSUPPORTED_SOURCE`,
 * `INSTALL_ARCHIVE_INVALID`, `INSTALL_PACKAGE_INVALID`, `INSTALL_ALREADY_EXISTS`,
 * `INSTALL_PACKAGE_NOT_FOUND`, `INSTALL_NETWORK_FAILED`, `INSTALL_PRERELEASE_NOT_REQUESTED`,
 * `INSTALL_INTEGRITY_MISMATCH`, `INSTALL_FAILED`.
 */
export async function installPlugin(options: InstallPluginOptions): Promise<InstallPluginResult> {
  const cwd = options.cwd ?? process.cwd();
  const step = options.onStep ?? (() => undefined);
  const localPath = resolve(cwd, options.source);
  if (existsSync(localPath)) {
    if (options.link) return linkPlugin(localPath, options, step);
    return stageAndActivate(
      {
        path: localPath,
        record: {
          source: isArchive(localPath) ? "archive" : "path",
          spec: options.source,
          sourcePath: localPath,
        },
      },
      options,
      step,
    );
  }
  if (options.link || !looksLikeNpmSpec(options.source)) {
    throw new OpenClawError("INSTALL_SOURCE_NOT_FOUND", `install source not found: ${localPath}`, {
      hint: options.link
        ? "--link needs an existing plugin directory."
        : "Give a path to a plugin directory or archive, or an npm package name such as @openclaw/voice-call.",
    });
  }
  const spec = parseNpmSpec(options.source);
  const bundled = findBundledPlugin(options.bundledDir, spec.name);
  if (bundled && bundled.id === spec.name && spec.selector.kind === "latest" && !spec.selector.explicit) {
    return useBundled(
      bundled,
      options,
      `${spec.name} is a bundled plugin; use a scoped npm spec to install from npm`,
    );
  }
  step("resolve", npmSpecString(spec));
  const npm = { cwd, ...(options.env ? { env: options.env } : {}) };
  let resolution: Awaited<ReturnType<typeof npmResolve>>;
  try {
    resolution = await npmResolve(npmSpecString(spec), npm);
  } catch (error) {
    if (bundled && isOpenClawError(error, "INSTALL_PACKAGE_NOT_FOUND")) {
      return useBundled(
        bundled,
        options,
        `the npm registry has no ${npmSpecString(spec)}; the bundled copy is used`,
      );
    }
    throw error;
  }
  if (spec.selector.kind === "latest" && lazy.semver().prerelease(resolution.version)) {
    throw new OpenClawError(
      "INSTALL_PRERELEASE_NOT_REQUESTED",
      `${options.source} resolved to prerelease ${resolution.version}, but prereleases are only installed when asked for explicitly`,
      {
        hint: `Use an explicit prerelease tag or version, e.g. ${spec.name}@beta or ${spec.name}@${resolution.version}.`,
      },
    );
  }
  const downloadDir = await mkdtemp(join(tmpdir(), "openclaw-npm-"));
  try {
    step("fetch", `${resolution.name}@${resolution.version}`);
    const fetched = await npmFetchTarball(resolution, downloadDir, npm);
    step("verify", fetched.integrity);
    return await stageAndActivate(
      {
        path: fetched.file,
        record: {
          source: "npm",
          spec: options.pin ? `${resolution.name}@${resolution.version}` : options.source,
          resolvedName: resolution.name,
          resolvedVersion: resolution.version,
          version: resolution.version,
          integrity: fetched.integrity,
        },
      },
      options,
      step,
    );
  } finally {
    await rm(downloadDir, { recursive: true, force: true });
  }
}

/** Enables a bundled plugin in place of an install: no copy, no install record. */
async function useBundled(
  plugin: BundledPlugin,
  options: InstallPluginOptions,
  reason: string,
): Promise<InstallPluginResult> {
  const manifest = await validateStagedPlugin(plugin.dir);
  const pkg = await readJson(join(plugin.dir, "package.json"));
  const record: PluginInstallRecord = {
    source: "path",
    spec: options.source,
    sourcePath: plugin.dir,
    installPath: plugin.dir,
  };
  if (typeof pkg?.version === "string") record.version = pkg.version;
  return {
    id: manifest.id,
    installPath: plugin.dir,
    manifest,
    record,
    config: withPluginEnabled(options.config, manifest.id, true),
    installedDependencies: false,
    pluginIds: [manifest.id],
    bundled: { reason },
  };
}

/**
 * Refuses, before anything is written, a package that cannot run on this host (unless `force`).
 * @throws {@link OpenClawError} `PLUGIN_SDK_SUBPATH_MISSING` or `PLUGIN_HOST_INCOMPATIBLE`.
 */
async function refuseIncompatible(
  root: string,
  pkg: Record<string, unknown> | undefined,
  id: string,
  options: InstallPluginOptions,
): Promise<void> {
  if (options.force) return;
  const openclaw = pkg?.openclaw;
  const peers = pkg?.peerDependencies as Record<string, unknown> | undefined;
  const problem = await staticCompatibilityProblem(
    {
      rootDir: root,
      ...(typeof openclaw === "object" && openclaw !== null
        ? { packageOpenclaw: openclaw as Record<string, unknown> }
        : {}),
      ...(typeof peers?.openclaw === "string" ? { peerRange: peers.openclaw } : {}),
    },
    options.hostVersion ?? HOST_VERSION,
  );
  if (problem === undefined) return;
  throw new OpenClawError(problem.code, `${id} cannot run on this host: ${problem.message}`, {
    hint: `${problem.hint} Nothing was installed; rerun with --force to install it anyway.`,
  });
}

async function linkPlugin(
  path: string,
  options: InstallPluginOptions,
  step: (s: InstallStep, d: string) => void,
): Promise<InstallPluginResult> {
  if (!statSync(path).isDirectory()) {
    throw new OpenClawError("INSTALL_UNSUPPORTED_SOURCE", `--link needs a directory: ${path}`);
  }
  step("verify", path);
  const manifest = await validateStagedPlugin(path);
  if (options.expectedId && manifest.id !== options.expectedId) {
    throw new OpenClawError(
      "INSTALL_PACKAGE_INVALID",
      `plugin id mismatch: expected ${options.expectedId}, got ${manifest.id}`,
    );
  }
  step("activate", path);
  const pkg = await readJson(join(path, "package.json"));
  const record: PluginInstallRecord = {
    source: "path",
    spec: options.source,
    sourcePath: path,
    installPath: path,
    installedAt: new Date().toISOString(),
  };
  const version = typeof pkg?.version === "string" ? pkg.version : manifest.version;
  if (version !== undefined) record.version = version;
  const packIds = packPluginIds(path, pkg ?? undefined, manifest.id);
  if (packIds.length > 0) record.plugins = packIds;
  const config = withInstallRecord(options.config, manifest.id, record);
  config.plugins ??= {};
  const paths = config.plugins.load?.paths ?? [];
  if (!paths.includes(path)) config.plugins.load = { ...config.plugins.load, paths: [...paths, path] };
  return {
    id: manifest.id,
    installPath: path,
    manifest,
    record,
    config,
    installedDependencies: false,
    pluginIds: packIds.length > 0 ? packIds : [manifest.id],
  };
}

/**
 * Renames the staged `root` to `installPath`. An existing install is refused without `force`, else
 * moved aside first and put back if the rename fails; returns the moved-aside directory (removed by
 * the caller once the install stands).
 * @throws {@link OpenClawError} `INSTALL_ALREADY_EXISTS`, `INSTALL_FAILED`.
 */
async function moveIntoPlace(
  root: string,
  stageDir: string,
  installPath: string,
  id: string,
  options: InstallPluginOptions,
): Promise<string | undefined> {
  let backupDir: string | undefined;
  if (existsSync(installPath)) {
    if (!options.force) {
      throw new OpenClawError("INSTALL_ALREADY_EXISTS", `plugin already installed: ${id} (${installPath})`, {
        hint: `Run \`openclaw plugins install ${options.source} --force\` to replace it, or \`openclaw plugins update ${id}\`.`,
      });
    }
    backupDir = `${stageDir}-backup`;
    await rename(installPath, backupDir);
  }
  if (root === stageDir) await releaseStageDir(stageDir);
  try {
    await rename(root, installPath);
  } catch (error) {
    if (backupDir) await rename(backupDir, installPath);
    throw new OpenClawError(
      "INSTALL_FAILED",
      `cannot move the plugin into ${installPath}: ${errorMessage(error)}`,
      {
        cause: error,
      },
    );
  }
  return backupDir;
}

/** The install record of a staged package now at `installPath`. */
function installRecordFor(
  source: StagedSource,
  installPath: string,
  pkg: Record<string, unknown> | undefined,
  manifest: PluginManifest,
): PluginInstallRecord {
  const record: PluginInstallRecord = {
    ...source.record,
    installPath,
    installedAt: new Date().toISOString(),
  };
  const version = typeof pkg?.version === "string" ? pkg.version : manifest.version;
  if (version !== undefined) record.version = version;
  if (typeof pkg?.name === "string") record.resolvedName ??= pkg.name;
  return record;
}

async function stageAndActivate(
  source: StagedSource,
  options: InstallPluginOptions,
  step: (s: InstallStep, d: string) => void,
): Promise<InstallPluginResult> {
  await mkdir(options.extensionsDir, { recursive: true });
  await removeStaleStageDirs(options.extensionsDir);
  const stageDir = await createStageDir(options.extensionsDir);
  let backupDir: string | undefined;
  try {
    const root = await stageSource(source.path, stageDir);
    const manifest = await validateStagedPlugin(root);
    if (options.expectedId && manifest.id !== options.expectedId) {
      throw new OpenClawError(
        "INSTALL_PACKAGE_INVALID",
        `plugin id mismatch: expected ${options.expectedId}, got ${manifest.id}`,
        {
          hint: "The package now declares another plugin id; install it under its new id instead.",
        },
      );
    }
    const pkg = await readJson(join(root, "package.json"));
    await refuseIncompatible(root, pkg, manifest.id, options);
    const missing = await missingDependencies(root, pkg);
    if (missing.length > 0 && pkg) {
      step("install-deps", missing.join(", "));
      await installDependencies(root, pkg);
    }
    step("activate", manifest.id);
    const installPath = join(options.extensionsDir, installDirName(manifest.id));
    backupDir = await moveIntoPlace(root, stageDir, installPath, manifest.id, options);
    const record = installRecordFor(source, installPath, pkg, manifest);
    const packIds = packPluginIds(installPath, pkg, manifest.id);
    if (packIds.length > 0) record.plugins = packIds;
    return {
      id: manifest.id,
      installPath,
      manifest,
      record,
      config: withInstallRecord(options.config, manifest.id, record),
      installedDependencies: missing.length > 0,
      pluginIds: packIds.length > 0 ? packIds : [manifest.id],
    };
  } finally {
    await rm(stageDir, { recursive: true, force: true });
    if (backupDir) await rm(backupDir, { recursive: true, force: true });
  }
}
