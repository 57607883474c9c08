import type { OpenClawErrorCode } from "@openclaw/plugin-sdk/core";
import { suggestId } from "../host/config-edit.js";
import { BASE_CONFIG_SCHEMA } from "./config-schema.js";
import type { ControlPlane } from "./control-plane.js";
import { validateWithSchema } from "./schema-validator.js";
import { LEGACY_CONTEXT_ENGINE, manifestKinds } from "./slots.js";

/** One finding of {@link validateConfig}. */
export interface ConfigIssue {
  level: "error" | "warn";
  code: OpenClawErrorCode;
  /** Dotted config path, e.g. `plugins.entries.voice-call.config.fromNumber`. */
  path: string;
  message: string;
  pluginId?: string;
  hint?: string;
}

/** Result of {@link validateConfig}: `ok` is false when any issue is an error. */
export interface ConfigValidationResult {
  ok: boolean;
  errors: ConfigIssue[];
  warnings: ConfigIssue[];
}

/** Channel keys core itself accepts under `channels`. */
const CORE_CHANNEL_KEYS = new Set(["defaults", "modelByChannel"]);

/** Issues found so far and the plugin ids the config refers to; shared by the checks below. */
interface ValidationState {
  plane: ControlPlane;
  issues: ConfigIssue[];
  referenced: Set<string>;
}

function baseSchemaIssues(state: ValidationState): void {
  const base = validateWithSchema(BASE_CONFIG_SCHEMA, state.plane.config);
  if (base.ok) return;
  for (const issue of base.issues) {
    state.issues.push({ level: "error", code: "CONFIG_INVALID", path: issue.path, message: issue.message });
  }
}

/** Records a reference to `id` at `path`: an unknown id is an error (blocked, or not found with a did-you-mean). */
function checkId(state: ValidationState, path: string, id: unknown): void {
  if (typeof id !== "string") return;
  const { plugins, decisions } = state.plane;
  state.referenced.add(id);
  if (plugins.has(id)) return;
  const blocked = decisions.get(id)?.find((d) => d.outcome === "blocked");
  if (blocked) {
    state.issues.push({
      level: "error",
      code: "PLUGIN_BLOCKED",
      path,
      pluginId: id,
      message: `plugin ${id} is blocked: ${blocked.rule}`,
    });
    return;
  }
  const suggestion = suggestId(id, plugins.keys());
  state.issues.push({
    level: "error",
    code: "PLUGIN_NOT_FOUND",
    path,
    pluginId: id,
    message: `plugin not found: ${id}`,
    hint: suggestion
      ? `Did you mean "${suggestion}"?`
      : `Install it, or remove "${id}" from ${path.replace(/\.[^.]*$/, "")}.`,
  });
}

function pluginListIssues(state: ValidationState): void {
  const p = state.plane.config.plugins ?? {};
  for (const id of Object.keys(p.entries ?? {})) checkId(state, `plugins.entries.${id}`, id);
  for (const [key, list] of [
    ["allow", p.allow],
    ["deny", p.deny],
  ] as const) {
    for (const [i, id] of (Array.isArray(list) ? list : []).entries())
      checkId(state, `plugins.${key}.${i}`, id);
  }
  for (const id of Object.keys(p.installs ?? {})) state.referenced.add(id);
}

/** An explicit slot must name a known plugin whose manifest `kind` provides it. */
function slotIssues(state: ValidationState): void {
  const { slots, plugins } = state.plane;
  const checks: Array<[string, string | null, boolean, string, string | undefined]> = [
    ["plugins.slots.memory", slots.memory, slots.memoryExplicit, "memory", undefined],
    [
      "plugins.slots.contextEngine",
      slots.contextEngine,
      slots.contextEngineExplicit,
      "context-engine",
      LEGACY_CONTEXT_ENGINE,
    ],
  ];
  for (const [path, selected, explicit, kind, builtIn] of checks) {
    if (!explicit || selected === null || selected === builtIn) continue;
    const before = state.issues.length;
    checkId(state, path, selected);
    if (state.issues.length > before) continue;
    const manifest = plugins.get(selected)?.manifest;
    if (manifest && !manifestKinds(manifest.kind).includes(kind)) {
      state.issues.push({
        level: "error",
        code: "CONFIG_INVALID",
        path,
        pluginId: selected,
        message: `${path} selects "${selected}", but its manifest kind is ${manifest.kind ? JSON.stringify(manifest.kind) : "not set"}, not "${kind}"`,
        hint: `Choose a plugin whose openclaw.plugin.json has "kind": "${kind}".`,
      });
    }
  }
}

/** Channel ids declared by manifests, with the plugin that declares each. */
function declaredChannels(plane: ControlPlane): Map<string, string> {
  const declared = new Map<string, string>();
  for (const { record, manifest } of plane.plugins.values()) {
    for (const channel of manifest?.channels ?? []) declared.set(channel, record.id);
    for (const channel of Object.keys(manifest?.channelConfigs ?? {})) declared.set(channel, record.id);
  }
  return declared;
}

/** `channels.<id>`: a manifest must declare the id; its `channelConfigs.<id>.schema` must accept the value. */
function channelIssues(state: ValidationState): void {
  const { config, plugins } = state.plane;
  const declared = declaredChannels(state.plane);
  const channels = typeof config.channels === "object" && config.channels !== null ? config.channels : {};
  for (const [channel, value] of Object.entries(channels)) {
    if (CORE_CHANNEL_KEYS.has(channel)) continue;
    const owner = declared.get(channel);
    if (!owner) {
      const suggestion = suggestId(channel, declared.keys());
      state.issues.push({
        level: "error",
        code: "CONFIG_INVALID",
        path: `channels.${channel}`,
        message: `unknown channel id: ${channel}`,
        hint: suggestion
          ? `Did you mean "${suggestion}"?`
          : "Install the plugin that provides this channel, or remove the key.",
      });
      continue;
    }
    state.referenced.add(owner);
    const schema = plugins.get(owner)?.manifest?.channelConfigs?.[channel]?.schema;
    const result = schema ? validateWithSchema(schema, value) : undefined;
    for (const issue of result && !result.ok ? result.issues : []) {
      state.issues.push({
        level: "error",
        code: "CONFIG_INVALID",
        path: `channels.${channel}${issue.path === "<root>" ? "" : `.${issue.path}`}`,
        pluginId: owner,
        message: `invalid config: ${issue.message}`,
      });
    }
  }
}

/** A broken plugin is an error when the config refers to it, else a warning; its warnings stay warnings. */
function pluginRecordIssues(state: ValidationState): void {
  for (const { record } of state.plane.plugins.values()) {
    if (record.status === "error" && record.error) {
      const isReferenced =
        state.referenced.has(record.id) ||
        record.origin === "config" ||
        record.error.code === "PLUGIN_CONFIG_INVALID";
      state.issues.push({
        level: isReferenced ? "error" : "warn",
        code: record.error.code,
        path: `plugins.entries.${record.id}`,
        pluginId: record.id,
        message: `plugin ${record.id}: ${record.error.message}`,
        ...(record.error.hint ? { hint: record.error.hint } : {}),
      });
    }
    for (const d of record.diagnostics) {
      if (d.level !== "warn") continue;
      state.issues.push({
        level: "warn",
        code: d.code ?? "CONFIG_INVALID",
        path: `plugins.entries.${record.id}`,
        pluginId: record.id,
        message: `plugin ${record.id}: ${d.message}`,
        ...(d.hint ? { hint: d.hint } : {}),
      });
    }
  }
}

/** Discovery diagnostics: a missing configured path is an error, anything else a warning. */
function registryDiagnosticIssues(state: ValidationState): void {
  for (const d of state.plane.registry.diagnostics) {
    const pathIssue = d.code === "PLUGIN_PATH_NOT_FOUND";
    state.issues.push({
      level: pathIssue ? "error" : "warn",
      code: d.code ?? "PLUGIN_BLOCKED",
      path: pathIssue ? "plugins.load.paths" : "plugins",
      message: d.message,
      ...(d.hint ? { hint: d.hint } : {}),
    });
  }
}

/**
 * Validates the config against the control plane, strictly:
 * - `plugins` and `gateway` against the base schema (unknown keys are errors);
 * - unknown plugin ids in `plugins.entries`, `allow`, `deny` and `slots` are errors (a blocked id is
 *   reported as blocked, with its reason, never as "not found"), with a did-you-mean;
 * - a slot must select a plugin whose manifest `kind` provides it;
 * - unknown `channels.<id>` keys are errors unless a manifest declares the channel, and known ones are
 *   checked against the manifest's `channelConfigs.<id>.schema`;
 * - a plugin whose own config is invalid is an error; a plugin that is broken (manifest, safety,
 *   compatibility) is an error only when the config references it, otherwise a warning, so one
 *   unreferenced broken plugin never fails validation for everyone;
 * - config kept for a disabled plugin is a warning.
 */
export function validateConfig(plane: ControlPlane): ConfigValidationResult {
  const state: ValidationState = { plane, issues: [], referenced: new Set() };
  baseSchemaIssues(state);
  pluginListIssues(state);
  slotIssues(state);
  channelIssues(state);
  pluginRecordIssues(state);
  registryDiagnosticIssues(state);
  const errors = state.issues.filter((i) => i.level === "error");
  return { ok: errors.length === 0, errors, warnings: state.issues.filter((i) => i.level === "warn") };
}
