import { basename, dirname } from "node:path";
import {
  emptyRegistrationSummary,
  type PluginRecord,
  PluginRegistry,
  type PluginRegistryOptions,
} from "@openclaw/plugin-registry";
import {
  isOpenClawError,
  type OpenClawConfig,
  OpenClawError,
  type OpenClawErrorCode,
} from "@openclaw/plugin-sdk/core";
import { configuredLoadPaths, discoverPlugins, type PluginCandidate } from "./discovery.js";
import { resolveActivation } from "./enablement.js";
import { type PluginManifest, readManifest } from "./manifest.js";
import { type PathEnv, resolveBundledDir, resolveGlobalExtensionsDir, resolveWorkspaceDir } from "./paths.js";
import { formatIssues, schemaProblem, validateWithSchema } from "./schema-validator.js";

/** One discovered plugin with what the runtime needs to load it. */
export interface ControlPlanePlugin {
  record: PluginRecord;
  candidate: PluginCandidate;
  /** Absent when the manifest could not be read. */
  manifest?: PluginManifest;
  /** Validated config with defaults; present when the plugin is enabled and its config is valid. */
  pluginConfig?: Record<string, unknown>;
}

/** Options of {@link buildControlPlane}. */
export interface ControlPlaneOptions {
  config: OpenClawConfig;
  env?: PathEnv;
  /** The agent workspace whose `.openclaw/extensions` is scanned; default {@link resolveWorkspaceDir}. */
  workspaceDir?: string;
  /** Override of the bundled extensions dir (`null` disables bundled plugins). */
  bundledDir?: string | null;
  registryOptions?: PluginRegistryOptions;
}

/** The control-plane view: every plugin's record, decided from manifests and config only. */
export interface ControlPlane {
  config: OpenClawConfig;
  registry: PluginRegistry;
  plugins: Map<string, ControlPlanePlugin>;
}

function idHint(candidate: PluginCandidate): string {
  if (candidate.packageName) return candidate.packageName.replace(/^@[^/]+\//, "");
  const base = basename(candidate.source).replace(/\.[^.]+$/, "");
  return base === "index" ? basename(dirname(candidate.source)) : base;
}

function baseRecord(id: string, candidate: PluginCandidate, manifest?: PluginManifest): PluginRecord {
  const record: PluginRecord = {
    id,
    name: manifest?.name ?? id,
    origin: candidate.origin,
    source: candidate.source,
    rootDir: candidate.rootDir,
    activation: { enabled: false, source: "disabled", reason: "not evaluated" },
    status: "disabled",
    channels: manifest?.channels ?? [],
    providers: manifest?.providers ?? [],
    registrations: emptyRegistrationSummary(),
    diagnostics: [],
  };
  const version = candidate.packageVersion ?? manifest?.version;
  if (version !== undefined) record.version = version;
  const description = manifest?.description ?? candidate.packageDescription;
  if (description !== undefined) record.description = description;
  if (manifest?.kind !== undefined)
    record.kind = Array.isArray(manifest.kind) ? manifest.kind.join(",") : manifest.kind;
  if (candidate.packageName !== undefined) record.packageName = candidate.packageName;
  if (manifest?.uiHints !== undefined) record.uiHints = manifest.uiHints;
  return record;
}

function fail(
  record: PluginRecord,
  phase: NonNullable<PluginRecord["error"]>["phase"],
  code: OpenClawErrorCode,
  message: string,
  hint?: string,
): void {
  record.status = "error";
  record.error = { code, message, phase, ...(hint === undefined ? {} : { hint }) };
  record.diagnostics.push({
    level: "error",
    code,
    message,
    pluginId: record.id,
    source: record.source,
    ...(hint === undefined ? {} : { hint }),
  });
}

/**
 * Builds the control plane: discovery, manifests, id precedence, enablement and config validation,
 * without importing any plugin code. Every candidate gets a record; a broken one gets status `error`
 * with a coded reason and never affects the others.
 */
export async function buildControlPlane(options: ControlPlaneOptions): Promise<ControlPlane> {
  const env = options.env ?? process.env;
  const config = options.config;
  const bundledDir =
    options.bundledDir === undefined ? resolveBundledDir(env) : (options.bundledDir ?? undefined);
  const discovery = discoverPlugins({
    loadPaths: configuredLoadPaths(config, env),
    globalDir: resolveGlobalExtensionsDir(env),
    workspaceDir: options.workspaceDir ?? resolveWorkspaceDir(config, env),
    ...(bundledDir === undefined ? {} : { bundledDir }),
  });
  const registry = new PluginRegistry(options.registryOptions);
  for (const diagnostic of discovery.diagnostics) registry.report(diagnostic);
  const plugins = new Map<string, ControlPlanePlugin>();
  const manifests = new Map<string, Promise<PluginManifest>>();

  for (const candidate of discovery.candidates) {
    let manifestPromise = manifests.get(candidate.rootDir);
    if (!manifestPromise) {
      manifestPromise = readManifest(candidate.rootDir);
      manifestPromise.catch(() => undefined);
      manifests.set(candidate.rootDir, manifestPromise);
    }
    let manifest: PluginManifest | undefined;
    let manifestError: OpenClawError | undefined;
    try {
      manifest = await manifestPromise;
    } catch (error) {
      manifestError = isOpenClawError(error)
        ? error
        : new OpenClawError("MANIFEST_PARSE_FAILED", String(error), { cause: error });
    }
    const id = manifest
      ? candidate.packEntry
        ? `${manifest.id}/${candidate.packEntry}`
        : manifest.id
      : idHint(candidate);
    const winner = plugins.get(id);
    if (winner) {
      winner.record.diagnostics.push({
        level: "warn",
        pluginId: id,
        source: candidate.source,
        message: `duplicate plugin id: ${candidate.origin} copy at ${candidate.source} is overridden by the ${winner.record.origin} copy`,
      });
      continue;
    }
    const record = baseRecord(id, candidate, manifest);
    const entry: ControlPlanePlugin = { record, candidate, ...(manifest ? { manifest } : {}) };
    plugins.set(id, entry);
    registry.addPlugin(record);
    if (!manifest) {
      fail(
        record,
        "discovery",
        manifestError?.code ?? "MANIFEST_INVALID",
        manifestError?.message ?? "manifest unreadable",
        manifestError?.hint,
      );
      continue;
    }
    const problem = schemaProblem(manifest.configSchema);
    if (problem) {
      fail(record, "discovery", "MANIFEST_INVALID", `configSchema is not a valid JSON Schema: ${problem}`);
      continue;
    }
    record.activation = resolveActivation(
      {
        id,
        origin: candidate.origin,
        enabledByDefault: manifest.enabledByDefault,
        ...(manifest.kind ? { kind: manifest.kind } : {}),
      },
      config,
    );
    const entryConfig = config.plugins?.entries?.[id]?.config;
    if (!record.activation.enabled) {
      record.status = "disabled";
      if (entryConfig !== undefined) {
        record.diagnostics.push({
          level: "warn",
          pluginId: id,
          message: `plugin disabled (${record.activation.reason}) but config is present; it is kept`,
        });
      }
      continue;
    }
    const validation = validateWithSchema(manifest.configSchema, entryConfig ?? {});
    if (!validation.ok) {
      fail(
        record,
        "validation",
        "PLUGIN_CONFIG_INVALID",
        `invalid config: ${formatIssues(validation.issues.map((i) => ({ ...i, path: `plugins.entries.${id}.config${i.path === "<root>" ? "" : `.${i.path}`}` })))}`,
        `Fix plugins.entries.${id}.config in the config file; the schema is in ${record.rootDir}/openclaw.plugin.json.`,
      );
      continue;
    }
    entry.pluginConfig = validation.value;
    record.status = "enabled";
  }

  reportStaleIds(config, plugins, registry);
  return { config, registry, plugins };
}

function reportStaleIds(
  config: OpenClawConfig,
  plugins: Map<string, ControlPlanePlugin>,
  registry: PluginRegistry,
): void {
  const lists: Array<[string, string[]]> = [
    ["plugins.entries", Object.keys(config.plugins?.entries ?? {})],
    ["plugins.allow", (config.plugins?.allow ?? []).filter((v): v is string => typeof v === "string")],
    ["plugins.deny", (config.plugins?.deny ?? []).filter((v): v is string => typeof v === "string")],
  ];
  for (const [where, ids] of lists) {
    for (const id of ids) {
      if (plugins.has(id)) continue;
      registry.report({
        level: "warn",
        code: "PLUGIN_NOT_FOUND",
        message: `plugin not found: ${id} (referenced in ${where})`,
        hint: `Install it, or remove "${id}" from ${where}.`,
      });
    }
  }
}
