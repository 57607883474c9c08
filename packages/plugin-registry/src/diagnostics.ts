import type { PluginDiagnostic, PluginDiagnosticStats } from "./types.js";

/** Diagnostics kept per plugin record (the oldest are dropped first; counters keep the totals). */
export const MAX_PLUGIN_DIAGNOSTICS = 50;
/** Diagnostics kept in the registry-wide list (discovery, config). */
export const MAX_GLOBAL_DIAGNOSTICS = 200;

/** Longest diagnostic message or hint kept, in characters (a plugin controls its error messages). */
export const MAX_DIAGNOSTIC_TEXT = 2000;

function clip(text: string): string {
  return text.length <= MAX_DIAGNOSTIC_TEXT ? text : `${text.slice(0, MAX_DIAGNOSTIC_TEXT)}… (truncated)`;
}

/** Empty counters. */
export function emptyDiagnosticStats(): PluginDiagnosticStats {
  return { total: 0, dropped: 0, byCode: Object.create(null) as Record<string, number> };
}

/**
 * Appends `diagnostic` to a bounded list: a ring of the last `max` entries plus counters (`total`,
 * `dropped`, count per code; uncoded diagnostics count under their level). Messages and hints are
 * clipped to {@link MAX_DIAGNOSTIC_TEXT} characters. Memory and the size of `plugins.status` stay
 * bounded however often a plugin fails (100k failing hook calls keep 50 entries).
 */
export function pushDiagnostic(
  list: PluginDiagnostic[],
  stats: PluginDiagnosticStats,
  diagnostic: PluginDiagnostic,
  max: number,
): void {
  list.push({
    ...diagnostic,
    message: clip(diagnostic.message),
    ...(diagnostic.hint === undefined ? {} : { hint: clip(diagnostic.hint) }),
  });
  if (list.length > max) {
    list.splice(0, list.length - max);
    stats.dropped += 1;
  }
  stats.total += 1;
  const key = diagnostic.code ?? diagnostic.level;
  stats.byCode[key] = (stats.byCode[key] ?? 0) + 1;
}
