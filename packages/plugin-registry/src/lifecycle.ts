import { OpenClawError } from "@openclaw/plugin-sdk/core";
import type { PluginFailure, PluginRecord, PluginStatus } from "./types.js";

/**
 * The plugin lifecycle, the one place its transitions are written:
 *
 * ```
 * discovered ─▶ enabled (validated) ─▶ registering ─▶ loaded
 *     │              │                     │            │
 *     ├─▶ disabled   ├─▶ disabled          └─▶ error ◀──┘ (runtime fault, failed service start)
 *     └─▶ error      └─▶ error
 * ```
 *
 * `enabled` is the wire name of "validated" and `error` the wire name of "failed" (kept for the
 * `plugins list --json` / `plugins.status` contract). `error` and `disabled` are final: a reload builds
 * a fresh record (a new generation) instead of resurrecting an old one.
 */
export const PLUGIN_TRANSITIONS: Readonly<Record<PluginStatus, readonly PluginStatus[]>> = {
  discovered: ["enabled", "disabled", "error"],
  enabled: ["registering", "disabled", "error"],
  registering: ["loaded", "error"],
  loaded: ["error"],
  error: [],
  disabled: [],
};

/** True when `record` may move to `to`. */
export function canTransition(record: Pick<PluginRecord, "status">, to: PluginStatus): boolean {
  return PLUGIN_TRANSITIONS[record.status].includes(to);
}

/**
 * Moves `record` to `to` (not to `error`: use {@link failRecord}).
 * @throws {@link OpenClawError} `REGISTRY_LIFECYCLE_VIOLATION` when the lifecycle forbids the move.
 */
export function transition(record: PluginRecord, to: Exclude<PluginStatus, "error">): void {
  if (!canTransition(record, to)) {
    throw new OpenClawError(
      "REGISTRY_LIFECYCLE_VIOLATION",
      `plugin ${record.id} cannot go from ${record.status} to ${to}`,
      { details: { pluginId: record.id, from: record.status, to } },
    );
  }
  record.status = to;
}

/**
 * Marks `record` failed with `failure` unless it already is (the first failure is the one reported)
 * or is disabled.
 * Returns `true` when this call failed it. Callers go through `PluginRegistry.fail`, which also
 * removes the plugin's registrations, revokes its `api` and notifies listeners.
 */
export function failRecord(record: PluginRecord, failure: PluginFailure): boolean {
  if (!canTransition(record, "error")) return false;
  record.status = "error";
  record.error = {
    code: failure.code,
    message:
      failure.message.length > 2000 ? `${failure.message.slice(0, 2000)}… (truncated)` : failure.message,
    phase: failure.phase,
    ...(failure.hint === undefined ? {} : { hint: failure.hint }),
  };
  return true;
}
