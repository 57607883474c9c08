import { isDeepStrictEqual } from "node:util";
import { type OpenClawConfig, OpenClawError } from "@openclaw/plugin-sdk/core";
import { readConfigFile } from "../host/config-file.js";
import { applyConfigOps, type ConfigOp, isPlainObject, parseConfigPath } from "../host/config-path.js";
import { updateConfigFile } from "../host/config-update.js";
import type { PathEnv } from "../host/paths.js";
import { REDACTED, redactConfig, restoreRedacted } from "./config-redact.js";
import { buildConfigSchema } from "./config-schema.js";
import { validateConfig } from "./config-validation.js";
import { buildControlPlane, type ControlPlane } from "./control-plane.js";
import { validateWithSchema } from "./schema-validator.js";

/** Where the config lives and how to build a control plane for a candidate config. */
export interface ConfigFileContext {
  /** The config file (`resolveConfigPath(env)`). */
  configPath: string;
  env?: PathEnv;
  /** The agent workspace; default from the config (see `resolveWorkspaceDir`). */
  workspaceDir?: string;
}

/** One problem of a rejected patch: the dotted config path and what is wrong there. */
export interface ConfigPathIssue {
  path: string;
  message: string;
}

/** A change request: what `config.patch` takes (paths dotted). */
export interface ConfigPatchRequest {
  /** sha256 hex of the file as last read (`""`: no file); omitted, no precondition (the CLI). */
  baseHash?: string;
  set?: ReadonlyArray<{ path: string; value: unknown }>;
  unset?: readonly string[];
}

/** What {@link patchConfig} did. */
export interface ConfigPatchResult {
  hash: string;
  /** The config now in the file, secrets replaced by {@link REDACTED}. */
  config: OpenClawConfig;
  /** Plugins whose `plugins.entries.<id>` or channel config changed. */
  touchedPluginIds: string[];
  /** False when the patch changed nothing (the file was not rewritten). */
  changed: boolean;
}

/** The config file as `config.get` answers it. */
export interface ConfigSnapshot {
  path: string;
  exists: boolean;
  hash: string;
  /** Secrets replaced by {@link REDACTED}. */
  config: OpenClawConfig;
}

function planeFor(context: ConfigFileContext, config: OpenClawConfig): Promise<ControlPlane> {
  return buildControlPlane({
    config,
    ...(context.env ? { env: context.env } : {}),
    ...(context.workspaceDir ? { workspaceDir: context.workspaceDir } : {}),
  });
}

/** Per-field issues of one plugin's `plugins.entries.<id>.config` against its manifest schema. */
function pluginConfigIssues(plane: ControlPlane, id: string): ConfigPathIssue[] {
  const schema = plane.plugins.get(id)?.manifest?.configSchema;
  if (!schema) return [];
  const result = validateWithSchema(schema, plane.config.plugins?.entries?.[id]?.config ?? {});
  const base = `plugins.entries.${id}.config`;
  return (result.ok ? [] : result.issues).map((issue) => ({
    path: issue.path === "<root>" ? base : `${base}.${issue.path}`,
    message: issue.message,
  }));
}

/**
 * The errors of {@link validateConfig} as `{path, message}` with the dotted path of each problem. A
 * plugin's config is checked field by field (`plugins.entries.<id>.config.<field>`) against its
 * manifest schema whenever it is present, also for a disabled plugin (which the runtime does not
 * validate), so a config form never saves a value the plugin will refuse once enabled.
 */
export function configErrorsByPath(plane: ControlPlane): ConfigPathIssue[] {
  const issues: ConfigPathIssue[] = [];
  const checked = new Set<string>();
  for (const error of validateConfig(plane).errors) {
    if (error.code === "PLUGIN_CONFIG_INVALID" && error.pluginId) {
      checked.add(error.pluginId);
      issues.push(...pluginConfigIssues(plane, error.pluginId));
    } else issues.push({ path: error.path, message: error.message });
  }
  for (const [id, entry] of Object.entries(plane.config.plugins?.entries ?? {})) {
    if (!checked.has(id) && entry?.config !== undefined) issues.push(...pluginConfigIssues(plane, id));
  }
  return issues;
}

/** Ids of plugins whose entry or channel config differs between two configs. */
function touchedPlugins(before: OpenClawConfig, after: OpenClawConfig, plane: ControlPlane): string[] {
  const touched = new Set<string>();
  const a = before.plugins?.entries ?? {};
  const b = after.plugins?.entries ?? {};
  for (const id of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (!isDeepStrictEqual(a[id], b[id])) touched.add(id);
  }
  const ca = isPlainObject(before.channels) ? before.channels : {};
  const cb = isPlainObject(after.channels) ? after.channels : {};
  for (const channel of new Set([...Object.keys(ca), ...Object.keys(cb)])) {
    if (isDeepStrictEqual(ca[channel], cb[channel])) continue;
    for (const { record, manifest } of plane.plugins.values()) {
      if (manifest?.channels?.includes(channel) || manifest?.channelConfigs?.[channel])
        touched.add(record.id);
    }
  }
  return [...touched];
}

interface ParsedPatch {
  set: Array<{ path: string[]; value: unknown }>;
  unset: string[][];
}

/** Parses every path of the request up front, so a malformed one is refused before any lock or read. */
function parsePatch(request: ConfigPatchRequest): ParsedPatch {
  return {
    set: (request.set ?? []).map(({ path, value }) => ({ path: parseConfigPath(path), value })),
    unset: (request.unset ?? []).map((path) => parseConfigPath(path)),
  };
}

function opsOf(patch: ParsedPatch, current: OpenClawConfig): ConfigOp[] {
  const ops: ConfigOp[] = [];
  for (const { path, value } of patch.set) {
    const restored = restoreRedacted(value, path, current);
    // The placeholder alone keeps the stored secret: nothing to write.
    if (value === REDACTED) continue;
    ops.push({ op: "set", path, value: restored });
  }
  for (const path of patch.unset) ops.push({ op: "unset", path });
  return ops;
}

/**
 * Applies a patch to the config file: under the config lock, checks `baseHash`, puts stored
 * secrets back where the request holds {@link REDACTED}, applies the sets and unsets to the current
 * config, validates the result with the control plane's rules (core schema, manifests, every
 * plugin's `configSchema`) and writes it keeping comments and formatting. A patch may leave errors
 * the file already had, but adds none. Used by RPC `config.patch` and `openclaw config set|unset`.
 * @throws {@link OpenClawError} `CONFIG_CONFLICT` (file changed since `baseHash`), `CONFIG_INVALID`
 * (`details.issues`: `{path, message}` per new problem), `CONFIG_PATH_INVALID`, `CONFIG_PARSE_FAILED`,
 * `CONFIG_LOCKED`, `CONFIG_WRITE_FAILED`.
 */
export async function patchConfig(
  context: ConfigFileContext,
  request: ConfigPatchRequest,
): Promise<ConfigPatchResult> {
  const patch = parsePatch(request);
  let candidatePlane: ControlPlane | undefined;
  const result = await updateConfigFile(
    context.configPath,
    async (current) => {
      const ops = opsOf(patch, current);
      const candidate = applyConfigOps(current, ops);
      const [before, after] = await Promise.all([planeFor(context, current), planeFor(context, candidate)]);
      candidatePlane = after;
      const known = new Set(configErrorsByPath(before).map((i) => `${i.path}\u0000${i.message}`));
      const added = configErrorsByPath(after).filter((i) => !known.has(`${i.path}\u0000${i.message}`));
      if (added.length > 0) {
        throw new OpenClawError(
          "CONFIG_INVALID",
          `the change was refused: ${added.map((i) => `${i.path}: ${i.message}`).join("; ")}`,
          { hint: "Nothing was written. Fix the values named and save again.", details: { issues: added } },
        );
      }
      return ops;
    },
    request.baseHash === undefined ? {} : { expectedHash: request.baseHash },
  );
  const plane = candidatePlane ?? (await planeFor(context, result.config));
  return {
    hash: result.hash,
    config: redactConfig(result.config, buildConfigSchema(plane)),
    touchedPluginIds: result.changed ? touchedPlugins(result.previous, result.config, plane) : [],
    changed: result.changed,
  };
}

/**
 * Reads the config file for `config.get`: path, existence, hash and the config with secrets
 * redacted (by the merged schema's `uiHints`/`writeOnly` and known secret key names). `plane`, when
 * given, supplies the schema; otherwise one is built from the file's config.
 * @throws {@link OpenClawError} `CONFIG_PARSE_FAILED`.
 */
export async function readConfigSnapshot(
  context: ConfigFileContext,
  plane?: ControlPlane,
): Promise<ConfigSnapshot> {
  const file = await readConfigFile(context.configPath);
  const schema = buildConfigSchema(plane ?? (await planeFor(context, file.config)));
  return { path: file.path, exists: file.exists, hash: file.hash, config: redactConfig(file.config, schema) };
}
