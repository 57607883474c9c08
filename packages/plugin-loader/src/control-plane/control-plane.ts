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
import { HOST_VERSION } from "../host/host-version.js";
import {
  type PathEnv,
  resolveBundledDir,
  resolveGlobalExtensionsDir,
  resolveWorkspaceDir,
} from "../host/paths.js";
import { type CandidateDecision, type IdentifiedCandidate, selectCandidates } from "./candidate-selection.js";
import { configuredLoadPaths, discoverPlugins, type PluginCandidate } from "./discovery.js";
import { resolveActivation } from "./enablement.js";
import { type PluginManifest, readManifest } from "./manifest.js";
import { acceptsEmptyObject, formatIssues, schemaProblem, validateWithSchema } from "./schema-validator.js";
import { resolveSlots, type SlotSelection, slotBlockReason } from "./slots.js";
import { type CompatibilityProblem, staticCompatibilityProblem } from "./static-compat.js";
import { reportTrustWarnings } from "./trust-warnings.js";

/** One discovered plugin with what the runtime needs to load it. */
export interface ControlPlanePlugin {
  record: PluginRecord;
  candidate: PluginCandidate;
  /** Absent when the manifest could not be read. */
  manifest?: PluginManifest;
  /**
   * Validated config with defaults; present when the plugin is enabled and its config had to be
   * validated (the loader computes it otherwise).
   */
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
  /** Host version for compatibility checks; default {@link HOST_VERSION}. */
  hostVersion?: string;
  registryOptions?: PluginRegistryOptions;
}

/** The control-plane view: every plugin's record, decided from manifests and config only. */
export interface ControlPlane {
  config: OpenClawConfig;
  registry: PluginRegistry;
  plugins: Map<string, ControlPlanePlugin>;
  /** Every candidate seen for each id, with the rule that decided its fate (`plugins why`). */
  decisions: Map<string, CandidateDecision[]>;
  slots: SlotSelection;
  workspaceDir: string;
  hostVersion: string;
}

function idHint(candidate: PluginCandidate): string {
  if (candidate.packageName) return candidate.packageName.replace(/^@[^/]+\//, "");
  const base = basename(candidate.source).replace(/\.[^.]+$/, "");
  return base === "index" ? basename(dirname(candidate.source)) : base;
}

function candidateId(candidate: PluginCandidate, manifest: PluginManifest): string {
  if (!candidate.packEntry) return manifest.id;
  return `${candidate.packageName ?? manifest.id}/${candidate.packEntry}`;
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

async function readCandidateManifest(
  candidate: PluginCandidate,
  env: PathEnv,
): Promise<{ manifest: PluginManifest } | { error: OpenClawError }> {
  try {
    return { manifest: await readManifest(candidate.rootDir, env) };
  } catch (error) {
    return {
      error: isOpenClawError(error)
        ? error
        : new OpenClawError("MANIFEST_PARSE_FAILED", String(error), { cause: error }),
    };
  }
}

/** Static compatibility of a discovered plugin (see {@link staticCompatibilityProblem}). */
function compatibilityProblem(
  entry: ControlPlanePlugin,
  hostVersion: string,
): Promise<CompatibilityProblem | undefined> {
  return staticCompatibilityProblem(
    {
      rootDir: entry.record.rootDir,
      ...(entry.candidate.packageOpenclaw ? { packageOpenclaw: entry.candidate.packageOpenclaw } : {}),
      ...(entry.candidate.peerOpenclawRange ? { peerRange: entry.candidate.peerOpenclawRange } : {}),
    },
    hostVersion,
  );
}

/**
 * Builds the control plane: discovery, manifests, id precedence, enablement, exclusive slots, static
 * compatibility (SDK subpaths, host version) and config validation, without importing any plugin code.
 * Every candidate ends up in a record or a decision; a broken one gets status `error` with a coded
 * reason and never affects the others.
 */
export async function buildControlPlane(options: ControlPlaneOptions): Promise<ControlPlane> {
  const env = options.env ?? process.env;
  const config = options.config;
  const workspaceDir = options.workspaceDir ?? resolveWorkspaceDir(config, env);
  const bundledDir =
    options.bundledDir === undefined ? resolveBundledDir(env) : (options.bundledDir ?? undefined);
  const discovery = discoverPlugins(
    {
      loadPaths: configuredLoadPaths(config, env),
      globalDir: resolveGlobalExtensionsDir(env),
      workspaceDir,
      ...(bundledDir === undefined ? {} : { bundledDir }),
    },
    env,
  );
  const state: PlaneState = {
    config,
    env,
    hostVersion: options.hostVersion ?? HOST_VERSION,
    registry: new PluginRegistry(options.registryOptions),
    slots: resolveSlots(config),
    plugins: new Map(),
    decisions: new Map(),
  };
  for (const diagnostic of discovery.diagnostics) state.registry.report({ ...diagnostic });
  const { identified, manifests } = await identifyCandidates(state, discovery.candidates);
  await recordBlocked(state, discovery.blocked);
  for (const [id, { winner, decisions: list }] of selectCandidates(identified)) {
    for (const decision of list) addDecision(state, id, decision);
    if (state.plugins.has(id)) continue;
    const entry = admitWinner(
      state,
      id,
      winner.candidate,
      manifests.get(winner.candidate) as PluginManifest,
      list,
    );
    await evaluatePlugin(state, entry);
  }
  reportTrustWarnings(state.registry, state.plugins, config, env);
  const { registry, plugins, decisions, slots, hostVersion } = state;
  return { config, registry, plugins, decisions, slots, workspaceDir, hostVersion };
}

/** What {@link buildControlPlane} builds up while it walks the candidates. */
interface PlaneState {
  config: OpenClawConfig;
  env: PathEnv;
  hostVersion: string;
  registry: PluginRegistry;
  slots: SlotSelection;
  plugins: Map<string, ControlPlanePlugin>;
  decisions: Map<string, CandidateDecision[]>;
}

function addDecision(state: PlaneState, id: string, decision: CandidateDecision): void {
  state.decisions.set(id, [...(state.decisions.get(id) ?? []), decision]);
}

/**
 * Reads every candidate's manifest: a candidate whose manifest cannot be read becomes a failed
 * record (unless its id is taken); the others are identified for precedence.
 */
async function identifyCandidates(
  state: PlaneState,
  candidates: readonly PluginCandidate[],
): Promise<{ identified: IdentifiedCandidate[]; manifests: Map<PluginCandidate, PluginManifest> }> {
  const results = await Promise.all(candidates.map((c) => readCandidateManifest(c, state.env)));
  const identified: IdentifiedCandidate[] = [];
  const manifests = new Map<PluginCandidate, PluginManifest>();
  candidates.forEach((candidate, index) => {
    const result = results[index] as { manifest: PluginManifest } | { error: OpenClawError };
    if ("error" in result) {
      const id = idHint(candidate);
      addDecision(state, id, {
        origin: candidate.origin,
        source: candidate.source,
        rootDir: candidate.rootDir,
        outcome: "invalid",
        rule: result.error.message,
      });
      if (state.plugins.has(id)) return;
      const record = baseRecord(id, candidate);
      state.plugins.set(id, { record, candidate });
      state.registry.addPlugin(record);
      fail(record, "discovery", result.error.code, result.error.message, result.error.hint);
      return;
    }
    const id = candidateId(candidate, result.manifest);
    manifests.set(candidate, result.manifest);
    const activation = resolveActivation({ id, origin: candidate.origin }, state.config);
    identified.push({ id, candidate, workspaceOff: candidate.origin === "workspace" && !activation.enabled });
  });
  return { identified, manifests };
}

/** Blocked candidates become decisions (`plugins why`), never records. */
async function recordBlocked(
  state: PlaneState,
  blocked: ReadonlyArray<{ candidate: PluginCandidate; reason: string }>,
): Promise<void> {
  for (const { candidate, reason } of blocked) {
    const result = await readCandidateManifest(candidate, state.env);
    const id = "manifest" in result ? candidateId(candidate, result.manifest) : idHint(candidate);
    addDecision(state, id, {
      origin: candidate.origin,
      source: candidate.source,
      rootDir: candidate.rootDir,
      outcome: "blocked",
      rule: reason,
    });
  }
}

/** Makes the winning candidate of an id its record, with a warning per shadowed copy. */
function admitWinner(
  state: PlaneState,
  id: string,
  candidate: PluginCandidate,
  manifest: PluginManifest,
  decisions: readonly CandidateDecision[],
): ControlPlanePlugin {
  const record = baseRecord(id, candidate, manifest);
  const entry: ControlPlanePlugin = { record, candidate, manifest };
  state.plugins.set(id, entry);
  state.registry.addPlugin(record);
  for (const d of decisions.filter((d) => d.outcome === "shadowed")) {
    record.diagnostics.push({
      level: "warn",
      pluginId: id,
      source: d.source,
      message: `duplicate plugin id: the ${d.origin} copy at ${d.source} is shadowed by the ${record.origin} copy`,
      hint: `Run \`openclaw plugins why ${id}\` to see every copy; remove the copy you do not want.`,
    });
  }
  return entry;
}

/** Activation (enablement and slots) of an admitted plugin. */
function activationOf(
  state: PlaneState,
  entry: ControlPlanePlugin,
  manifest: PluginManifest,
): PluginRecord["activation"] {
  const { record, candidate } = entry;
  const activation = resolveActivation(
    {
      id: record.id,
      origin: candidate.origin,
      enabledByDefault: manifest.enabledByDefault,
      channels: manifest.channels,
      ...(manifest.kind ? { kind: manifest.kind } : {}),
    },
    state.config,
  );
  if (!activation.enabled) return activation;
  const slotReason = slotBlockReason(record.id, manifest.kind, state.slots);
  return slotReason ? { enabled: false, source: "disabled", reason: slotReason } : activation;
}

/**
 * Decides an admitted plugin's status without running its code: a schema that is not JSON Schema,
 * disabled (a warning when config is kept for it), invalid config, static incompatibility, or enabled.
 */
async function evaluatePlugin(state: PlaneState, entry: ControlPlanePlugin): Promise<void> {
  const { record } = entry;
  const id = record.id;
  const manifest = entry.manifest as PluginManifest;
  const problem = schemaProblem(manifest.configSchema);
  if (problem) {
    fail(record, "discovery", "MANIFEST_INVALID", `configSchema is not a valid JSON Schema: ${problem}`);
    return;
  }
  record.activation = activationOf(state, entry, manifest);
  const entryConfig = state.config.plugins?.entries?.[id]?.config;
  if (!record.activation.enabled) {
    record.status = "disabled";
    if (entryConfig !== undefined) {
      record.diagnostics.push({
        level: "warn",
        pluginId: id,
        message: `plugin disabled (${record.activation.reason}) but config is present; it is kept`,
        hint: `Run \`openclaw plugins enable ${id}\` to use it, or remove plugins.entries.${id}.config.`,
      });
    }
    return;
  }
  // Valid without compiling a validator when nothing is configured and the schema accepts {};
  // the runtime applies schema defaults when it loads the plugin.
  if (entryConfig !== undefined || !acceptsEmptyObject(manifest.configSchema)) {
    const validation = validateWithSchema(manifest.configSchema, entryConfig ?? {});
    if (!validation.ok) {
      const issues = validation.issues.map((i) => ({
        ...i,
        path: `plugins.entries.${id}.config${i.path === "<root>" ? "" : `.${i.path}`}`,
      }));
      fail(
        record,
        "validation",
        "PLUGIN_CONFIG_INVALID",
        `invalid config: ${formatIssues(issues)}`,
        `Fix plugins.entries.${id}.config in the config file; the schema is in ${record.rootDir}/openclaw.plugin.json.`,
      );
      return;
    }
    entry.pluginConfig = validation.value;
  }
  const compat = await compatibilityProblem(entry, state.hostVersion);
  if (compat) fail(record, "validation", compat.code, compat.message, compat.hint);
  else record.status = "enabled";
}
