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
  const issues: ConfigIssue[] = [];
  const { config, plugins, decisions } = plane;
  const base = validateWithSchema(BASE_CONFIG_SCHEMA, config);
  if (!base.ok) {
    for (const issue of base.issues) {
      issues.push({ level: "error", code: "CONFIG_INVALID", path: issue.path, message: issue.message });
    }
  }
  const known = [...plugins.keys()];
  const referenced = new Set<string>();
  const checkId = (path: string, id: unknown): void => {
    if (typeof id !== "string") return;
    referenced.add(id);
    if (plugins.has(id)) return;
    const blocked = decisions.get(id)?.find((d) => d.outcome === "blocked");
    if (blocked) {
      issues.push({
        level: "error",
        code: "PLUGIN_BLOCKED",
        path,
        pluginId: id,
        message: `plugin ${id} is blocked: ${blocked.rule}`,
      });
      return;
    }
    const suggestion = suggestId(id, known);
    issues.push({
      level: "error",
      code: "PLUGIN_NOT_FOUND",
      path,
      pluginId: id,
      message: `plugin not found: ${id}`,
      hint: suggestion
        ? `Did you mean "${suggestion}"?`
        : `Install it, or remove "${id}" from ${path.replace(/\.[^.]*$/, "")}.`,
    });
  };
  const p = config.plugins ?? {};
  for (const id of Object.keys(p.entries ?? {})) checkId(`plugins.entries.${id}`, id);
  for (const [key, list] of [
    ["allow", p.allow],
    ["deny", p.deny],
  ] as const) {
    for (const [i, id] of (Array.isArray(list) ? list : []).entries()) checkId(`plugins.${key}.${i}`, id);
  }
  for (const id of Object.keys(p.installs ?? {})) referenced.add(id);

  const slotChecks: Array<[string, string | null, boolean, string, string | undefined]> = [
    ["plugins.slots.memory", plane.slots.memory, plane.slots.memoryExplicit, "memory", undefined],
    [
      "plugins.slots.contextEngine",
      plane.slots.contextEngine,
      plane.slots.contextEngineExplicit,
      "context-engine",
      LEGACY_CONTEXT_ENGINE,
    ],
  ];
  for (const [path, selected, explicit, kind, builtIn] of slotChecks) {
    if (!explicit || selected === null || selected === builtIn) continue;
    const before = issues.length;
    checkId(path, selected);
    if (issues.length > before) continue;
    const manifest = plugins.get(selected)?.manifest;
    if (manifest && !manifestKinds(manifest.kind).includes(kind)) {
      issues.push({
        level: "error",
        code: "CONFIG_INVALID",
        path,
        pluginId: selected,
        message: `${path} selects "${selected}", but its manifest kind is ${manifest.kind ? JSON.stringify(manifest.kind) : "not set"}, not "${kind}"`,
        hint: `Choose a plugin whose openclaw.plugin.json has "kind": "${kind}".`,
      });
    }
  }

  const declaredChannels = new Map<string, string>();
  for (const { record, manifest } of plugins.values()) {
    for (const channel of manifest?.channels ?? []) declaredChannels.set(channel, record.id);
    for (const channel of Object.keys(manifest?.channelConfigs ?? {}))
      declaredChannels.set(channel, record.id);
  }
  const channels = typeof config.channels === "object" && config.channels !== null ? config.channels : {};
  for (const [channel, value] of Object.entries(channels)) {
    if (CORE_CHANNEL_KEYS.has(channel)) continue;
    const owner = declaredChannels.get(channel);
    if (!owner) {
      const suggestion = suggestId(channel, declaredChannels.keys());
      issues.push({
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
    referenced.add(owner);
    const schema = plugins.get(owner)?.manifest?.channelConfigs?.[channel]?.schema;
    if (!schema) continue;
    const result = validateWithSchema(schema, value);
    if (result.ok) continue;
    for (const issue of result.issues) {
      issues.push({
        level: "error",
        code: "CONFIG_INVALID",
        path: `channels.${channel}${issue.path === "<root>" ? "" : `.${issue.path}`}`,
        pluginId: owner,
        message: `invalid config: ${issue.message}`,
      });
    }
  }

  for (const { record } of plugins.values()) {
    if (record.status === "error" && record.error) {
      const isReferenced =
        referenced.has(record.id) ||
        record.origin === "config" ||
        record.error.code === "PLUGIN_CONFIG_INVALID";
      issues.push({
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
      issues.push({
        level: "warn",
        code: d.code ?? "CONFIG_INVALID",
        path: `plugins.entries.${record.id}`,
        pluginId: record.id,
        message: `plugin ${record.id}: ${d.message}`,
        ...(d.hint ? { hint: d.hint } : {}),
      });
    }
  }
  for (const d of plane.registry.diagnostics) {
    const pathIssue = d.code === "PLUGIN_PATH_NOT_FOUND";
    issues.push({
      level: pathIssue ? "error" : "warn",
      code: d.code ?? "PLUGIN_BLOCKED",
      path: pathIssue ? "plugins.load.paths" : "plugins",
      message: d.message,
      ...(d.hint ? { hint: d.hint } : {}),
    });
  }
  const errors = issues.filter((i) => i.level === "error");
  return { ok: errors.length === 0, errors, warnings: issues.filter((i) => i.level === "warn") };
}
